"""Every rule's VALID and INVALID examples, run through the real engine (Fixit's habit)."""

from __future__ import annotations

import textwrap

import pytest

from keraslint.engine.runner import lint_source
from keraslint.rules import all_rules

CASES = [
    pytest.param(rule, kind, i, example, id=f"{code}-{kind}-{i}")
    for code, rule in all_rules().items()
    for kind, examples in (("valid", rule.VALID), ("invalid", rule.INVALID))
    for i, example in enumerate(examples)
]


def _lint(example, code):
    source = textwrap.dedent(example.code).strip("\n") + "\n"
    rules = [cls(example.options if cls.CODE == code else None) for cls in all_rules().values()]
    result = lint_source(source.encode(), "example.py", rules)
    assert not result.errors, result.errors
    return [f for f in result.findings if f.code == code], source


@pytest.mark.parametrize("rule, kind, i, example", CASES)
def test_example(rule, kind, i, example):
    findings, source = _lint(example, rule.CODE)
    lines = tuple(f.start.line for f in findings)
    if kind == "valid":
        assert lines == (), f"{rule.CODE} reported on a valid example:\n{source}\n{findings}"
    else:
        assert lines == example.lines, f"{rule.CODE} on:\n{source}\nexpected lines {example.lines}, got {findings}"
        for finding in findings:
            assert "{" not in finding.message, finding.message


@pytest.mark.parametrize("code, rule", sorted(all_rules().items()))
def test_rule_has_examples_and_docs(code, rule):
    assert rule.VALID and rule.INVALID, f"{code} needs VALID and INVALID examples"
    docs = rule.docs()
    for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead",
                    "## Options", "## References"):
        assert heading in docs, f"{code} docs lack {heading!r}"
