"""Snapshot tests: the exact bytes of every output format for a fixed set of findings.

Update after an intended change with `KERASLINT_UPDATE_SNAPSHOTS=1 pytest tests/test_reporting.py`.
The SARIF snapshot keeps the whole document except the rules' prose (summary and docs): that
is compared with what the rule registry holds, so a new rule or a docstring edit does not
break the snapshot.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from keraslint.findings import FileError, Finding, Position
from keraslint.reporting import FORMATS, Report, formatters
from keraslint.rules import all_rules

SNAPSHOTS = Path(__file__).parent / "snapshots"
SOURCE = b"""import keras

model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))
model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))
"""

VERIFIED = {"verdict": "confirmed", "evidence": "Keras warned and repaired the softmax here "
            "(loss 2.3026 both ways, 100% sure); tf_keras would not",
            "measurements": {"loss_as_written": 2.3026, "loss_repaired": 2.3026}, "seconds": 0.412}


def _report() -> Report:
    findings = [
        Finding("KL201", "double-activation", "Output applies softmax, loss says `from_logits=True`",
                "src/train.py", Position(4, 7), Position(4, 75)),
        Finding("KL201", "double-activation", "Output applies softmax, loss says `from_logits=True`",
                "src/train.py", Position(5, 7), Position(5, 75), verification=VERIFIED),
        Finding("KL001", "unused-noqa", "Unused `noqa` directive (unknown: `KL9`), 50%: a,b",
                "src/train.py", Position(3, 1), Position(3, 10)),
    ]
    errors = [FileError("src/bad.py", "SyntaxError: invalid syntax", Position(2, 7))]
    return Report(findings, errors, {"src/train.py": SOURCE}, cwd=Path("/project"))


@pytest.mark.parametrize("name", FORMATS)
def test_snapshot(name):
    rendered = formatters()[name](_report())
    if name == "sarif":
        rendered = _registry_prose_checked_and_elided(rendered)
    snapshot = SNAPSHOTS / f"report.{name}"
    if os.environ.get("KERASLINT_UPDATE_SNAPSHOTS") or not snapshot.exists():
        snapshot.write_text(rendered, encoding="utf-8")
    assert rendered == snapshot.read_text(encoding="utf-8")


def _registry_prose_checked_and_elided(rendered: str) -> str:
    """The SARIF document with each rule's summary and docs checked against the registry and
    replaced by a placeholder; everything else (structure, ids, names, URIs, results) stays."""
    document = json.loads(rendered)
    registry = all_rules()
    for entry in document["runs"][0]["tool"]["driver"]["rules"]:
        rule = registry[entry["id"]]
        assert entry["shortDescription"] == {"text": rule.summary()}
        assert entry["fullDescription"] == {"text": rule.docs(), "markdown": rule.docs()}
        entry["shortDescription"]["text"] = f"<{rule.CODE} summary from the registry>"
        docs = f"<{rule.CODE} docs from the registry>"
        entry["fullDescription"] = {"text": docs, "markdown": docs}
    return json.dumps(document, indent=2) + "\n"


def test_sarif_is_valid_shape():
    document = json.loads(formatters()["sarif"](_report()))
    run = document["runs"][0]
    assert document["version"] == "2.1.0"
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["KL001", "KL201"]
    prints = [r["partialFingerprints"]["keraslint/v1"] for r in run["results"]]
    assert len(set(prints)) == 3  # identical lines stay distinct
    uri = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "src/train.py"
    assert run["invocations"][0]["executionSuccessful"] is False


def test_github_escaping():
    lines = formatters()["github"](_report()).splitlines()
    assert lines[2].startswith("::error title=keraslint (KL001),file=src/train.py,line=3,col=1,")
    assert lines[2].endswith("(unknown: `KL9`), 50%25: a,b")
    assert lines[-1] == "::error title=keraslint error,file=src/bad.py,line=2,col=7::SyntaxError: invalid syntax"
