"""Names and values: which bindings may reach a use."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from keraslint.analysis import FileFacts


def _possible(source: str):
    """The values of the bindings that may reach the `probe(name)` call's argument."""
    facts = FileFacts(cst.parse_module(textwrap.dedent(source)))
    probe = [c for c in facts.index.calls if isinstance(c.func, cst.Name)
             and c.func.value == "probe"][-1]
    found = facts.values.possible_bindings(probe.args[0].value)
    if found is None:
        return None
    return [facts.module.code_for_node(b.node) if b.node is not None else None for b in found]


@pytest.mark.parametrize("source, expected", [
    ("x = 1\nprobe(x)", ["1"]),
    ("x = 1\nx = 2\nprobe(x)", ["2"]),
    # Rebound in a branch: the branch's value or the one before the `if`, latest first.
    ("x = 1\nif c:\n    x = 2\nprobe(x)", ["2", "1"]),
    ("if c:\n    x = 1\nelse:\n    x = 2\nprobe(x)", ["2", "1"]),
    ("def f(ds, shuffle=False):\n    ds = ds.map(g)\n    if shuffle:\n        ds = ds.shuffle(9)\n"
     "    probe(ds)", ["ds.shuffle(9)", "ds.map(g)"]),
])
def test_possible_bindings(source, expected):
    assert _possible(source) == expected


@pytest.mark.parametrize("source", [
    "probe(x)",  # never bound
    "x = 1\nfor i in r:\n    probe(x)\n    x = 2",  # rebound later in the loop
    "x = 1\nx = 2\ndef f():\n    probe(x)",  # an enclosing scope's name bound twice
])
def test_possible_bindings_unknown(source):
    assert _possible(source) is None
