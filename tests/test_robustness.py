"""Properties: no crash on generated or mangled programs, and findings that do not depend on
which other rules run or on how often we run."""

from __future__ import annotations

from pathlib import Path

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keraslint.engine.runner import lint_source
from keraslint.rules import all_rules

FIXTURES = sorted((Path(__file__).resolve().parent.parent / "fixtures").rglob("*.py"))
SOURCES = [p.read_text(encoding="utf-8") for p in FIXTURES]


def _all_rules():
    return [cls() for cls in all_rules().values()]


EXPECTED_ERRORS = {"syntax-error", "decode-error", "parse-error", "too-deep"}


def _rule_errors(result):
    return [e for e in result.errors if e.kind == "rule-error"]


# Derandomized: the same examples on every run, so CI cannot flake (~2 s each). The longer,
# random search is `scripts/fuzz.py`.
@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(hypothesmith.from_grammar())
def test_no_crash_on_generated_programs(program):
    result = lint_source(("import keras\n" + program).encode(), "gen.py", _all_rules())
    assert not _rule_errors(result)
    assert {e.kind for e in result.errors} <= EXPECTED_ERRORS, result.errors


DAMAGE = [b"", b"\xff\xfe", b"\x00", b"(" * 300, b"[" * 120 + b"]" * 120, b"\r", b"\f", b"'''",
          b"\\\n", "\ufeff".encode(), b"-" * 5000 + b"1", b".b" * 3000, b"\t\t  \t"]


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(st.sampled_from(SOURCES), st.data())
def test_no_crash_on_byte_level_damage(source, data):
    """Truncation, stray bytes, deep brackets and long chains spliced into real programs: the
    result is findings or located errors, never an exception or a dead process."""
    raw = source.encode()
    at = data.draw(st.integers(0, len(raw)))
    damage = data.draw(st.sampled_from(DAMAGE))
    mutated = raw[:at] + damage + raw[at + data.draw(st.integers(0, 40)):]
    result = lint_source(mutated, "m.py", _all_rules())
    assert not _rule_errors(result)
    assert {e.kind for e in result.errors} <= EXPECTED_ERRORS, result.errors


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(st.sampled_from(SOURCES), st.data())
def test_no_crash_on_mangled_fixtures(source, data):
    """Delete, duplicate and swap lines of real Keras programs: analysis must never raise."""
    lines = source.splitlines()
    for _ in range(data.draw(st.integers(1, 6))):
        if not lines:
            break
        i = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "dup", "swap", "dedent"]))
        if action == "drop":
            del lines[i]
        elif action == "dup":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines[i] = lines[i].lstrip()
    result = lint_source(("\n".join(lines) + "\n").encode(), "m.py", _all_rules())
    assert not _rule_errors(result), result.errors


@pytest.mark.parametrize("path", FIXTURES[::3], ids=lambda p: p.name)
def test_findings_independent_of_other_rules_and_repeatable(path):
    source = path.read_bytes()
    together = lint_source(source, "f.py", _all_rules()).findings
    assert lint_source(source, "f.py", _all_rules()).findings == together
    alone = [f for cls in all_rules().values() if not cls.ENGINE
             for f in lint_source(source, "f.py", [cls()]).findings]
    key = lambda f: (f.start, f.code, f.message)  # noqa: E731
    assert sorted(alone, key=key) == sorted([f for f in together if f.code != "KL001"], key=key)
