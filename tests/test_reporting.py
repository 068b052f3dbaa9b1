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

from conftest import notebook
from keraslint.source import read
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
    return Report(findings, errors, {"src/train.py": read(SOURCE, "src/train.py")},
                  cwd=Path("/project"))


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


# -- notebooks ----------------------------------------------------------------------------------

NOTEBOOK = notebook(
    "!pip install -q keras\nimport keras\n",
    ("markdown", "## The model"),
    'model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])\n'
    "model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))  # noqa: KL9\n",
)


def _notebook_report() -> Report:
    """Findings and errors as the engine places them in a notebook's cells."""
    source = read(NOTEBOOK.encode(), "nb/train.ipynb")
    message = ("Output `keras.layers.Dense(10)` (line 3) applies softmax, loss says "
               "`from_logits=True`")
    placed = [source.place(f) for f in [
        Finding("KL201", "double-activation", message, "nb/train.ipynb", Position(4, 7),
                Position(4, 75), verification=VERIFIED),
        Finding("KL001", "unused-noqa", "Unused `noqa` directive (unknown: `KL9`)",
                "nb/train.ipynb", Position(4, 77), Position(4, 88)),
    ]]
    errors = [source.place_error(FileError("nb/train.ipynb", "SyntaxError: invalid syntax",
                                           Position(3, 7), kind="syntax-error")),
              FileError("nb/broken.ipynb", "not a valid notebook: the file is not valid JSON "
                        "(Expecting value)", Position(12, 2), kind="notebook-error")]
    return Report(placed, errors, {"nb/train.ipynb": source}, cwd=Path("/project"))


@pytest.mark.parametrize("name", FORMATS)
def test_notebook_snapshot(name):
    """SARIF: its results and notifications (the rules' metadata is the other snapshot's)."""
    rendered = formatters()[name](_notebook_report())
    if name == "sarif":
        run = json.loads(rendered)["runs"][0]
        rendered = json.dumps({"results": run["results"], "invocations": run["invocations"]},
                              indent=2) + "\n"
    snapshot = SNAPSHOTS / f"notebook.{name}"
    if os.environ.get("KERASLINT_UPDATE_SNAPSHOTS") or not snapshot.exists():
        snapshot.write_text(rendered, encoding="utf-8")
    assert rendered == snapshot.read_text(encoding="utf-8")


def test_notebook_findings_point_at_cells_and_at_the_file():
    report = _notebook_report()
    kl201 = report.findings[0]
    assert (kl201.cell, kl201.start, kl201.location()) == (3, Position(2, 7),
                                                          "nb/train.ipynb:cell 3:2:7")
    assert "(cell 3, line 1)" in kl201.message
    github = formatters()["github"](report).splitlines()
    assert github[0].startswith("::error title=keraslint (KL201),file=nb/train.ipynb,line=")
    line = int(github[0].split("line=")[1].split(",")[0])
    column = int(github[0].split("col=")[1].split(",")[0])
    assert NOTEBOOK.splitlines()[line - 1][column - 1:].startswith("compile(loss=")
    assert "::nb/train.ipynb:cell 3:2:7: KL201 " in github[0]
    result = json.loads(formatters()["sarif"](report))["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == line
    assert result["properties"]["cell"] == 3
    assert result["message"]["text"].startswith("cell 3, line 2: ")
