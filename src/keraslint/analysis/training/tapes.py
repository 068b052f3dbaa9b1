"""Gradient tapes: which statements run under which `tf.GradientTape`, and what each
`tape.gradient(target, sources)` differentiates with respect to what.

A tape records the operations run inside its `with` block (nested defs and lambdas excluded:
they run when called). `with tf.GradientTape() as tape:`, several tapes in one `with`
(`as gen_tape, tf.GradientTape() as disc_tape`), `persistent=True`, and a tape made first and
entered later (`tape = tf.GradientTape(); with tape:`) are read. A `gradient`/`watch` call
belongs to the latest tape of that name opened before it in the same function.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.training.statements import body_of, compound_statements, own_nodes

TAPE_CLASSES = ("tensorflow.GradientTape", "tensorflow.autodiff.GradientTape",
                "tensorflow.compat.v1.GradientTape")


@dataclass(eq=False)
class Gradient:
    """One `tape.gradient(target, sources)` call of a known tape."""

    call: cst.Call = field(repr=False)
    tape: "Tape" = field(repr=False)
    target: Optional[cst.BaseExpression] = field(repr=False)
    sources: Optional[cst.BaseExpression] = field(repr=False)


@dataclass(eq=False)
class Tape:
    """One `with tf.GradientTape(...) as name:` block.

    `function` is the def it is written in (None: module level); `persistent` is None when
    the code does not fix it. `nodes` holds the ids of every node that runs under the tape.
    """

    statement: cst.With = field(repr=False)
    construction: cst.Call = field(repr=False)
    name: Optional[str]
    persistent: Optional[bool]
    function: Optional[cst.FunctionDef] = field(repr=False)
    nodes: frozenset[int] = field(repr=False)
    gradients: list[Gradient] = field(default_factory=list, repr=False)
    watched: list[cst.BaseExpression] = field(default_factory=list, repr=False)

    def contains(self, node: cst.CSTNode) -> bool:
        """Does `node` run under this tape (inside its `with` block, not in a nested def)?"""
        return id(node) in self.nodes

    @cached_property
    def calls(self) -> list[cst.Call]:
        """The calls run under the tape, in source order."""
        return [n for n in own_nodes(self.statement.body) if isinstance(n, cst.Call)]


class Tapes:
    def __init__(self, facts: CoreFacts) -> None:
        self.facts = facts

    @cached_property
    def order(self) -> dict[int, int]:
        """Position of each call in the file (the index lists calls in source order)."""
        return {id(c): i for i, c in enumerate(self.facts.index.calls)}

    @cached_property
    def all(self) -> list[Tape]:
        constructions = self.facts.calls_to(*TAPE_CLASSES)
        if not constructions:
            return []
        functions: dict[int, Optional[cst.FunctionDef]] = {}
        for call in constructions:
            function = self.facts.index.enclosing_function.get(call)
            functions[id(function)] = function
        tapes: list[Tape] = []
        reentries: list[tuple[cst.With, Optional[cst.FunctionDef]]] = []
        for function in functions.values():
            for statement in compound_statements(body_of(function, self.facts.module)):
                if isinstance(statement, cst.With):
                    found = self._tapes_of(statement, function, constructions)
                    tapes.extend(found)
                    if not found:
                        reentries.append((statement, function))
        for statement, function in reentries:
            self._reenter(statement, function, tapes)
        self._attach(tapes)
        return tapes

    def _reenter(self, statement: cst.With, function: Optional[cst.FunctionDef],
                 tapes: list[Tape]) -> None:
        """`with tape:` again on a tape opened before (a persistent tape, or a loss scaled
        later): its block records too."""
        names = {item.item.value for item in statement.items if isinstance(item.item, cst.Name)}
        body_calls = [n for n in own_nodes(statement.body) if isinstance(n, cst.Call)]
        if not names or not body_calls:
            return
        at = self.order.get(id(body_calls[0]), -1)
        candidates = [t for t in tapes if t.name in names and t.function is function
                      and self.order.get(id(t.construction), at + 1) < at]
        tape = max(candidates, key=lambda t: self.order[id(t.construction)], default=None)
        if tape is not None:
            tape.nodes = tape.nodes | frozenset(id(n) for n in own_nodes(statement.body))

    def _tapes_of(self, statement: cst.With, function: Optional[cst.FunctionDef],
                  constructions: list[cst.Call]) -> list[Tape]:
        found = []
        nodes: Optional[frozenset[int]] = None
        for item in statement.items:
            construction = self._construction(item.item, constructions)
            if construction is None:
                continue
            if nodes is None:
                nodes = frozenset(id(n) for n in own_nodes(statement.body))
            name = item.asname.name.value if item.asname is not None and isinstance(
                item.asname.name, cst.Name) else None
            if name is None and isinstance(item.item, cst.Name):
                name = item.item.value
            found.append(Tape(statement, construction, name, self._persistent(construction),
                              function, nodes))
        return found

    def _construction(self, expr: cst.BaseExpression,
                      constructions: list[cst.Call]) -> Optional[cst.Call]:
        if isinstance(expr, cst.Name):
            expr = self.facts.values.resolve(expr)
        if isinstance(expr, cst.Call) and any(expr is c for c in constructions):
            return expr
        return None

    def _persistent(self, construction: cst.Call) -> Optional[bool]:
        arg = calls.argument(construction, "persistent", 0)
        if arg is None:
            return None if calls.has_unpacking(construction) else False
        value = self.facts.values.literal(arg.value)
        return value if isinstance(value, bool) else None

    def _attach(self, tapes: list[Tape]) -> None:
        """Each `name.gradient(...)`/`name.watch(...)` to the latest tape of that name opened
        before it in the same function."""
        for method in ("gradient", "watch"):
            for call in self.facts.method_calls(method):
                tape = self._tape_called(call, tapes)
                if tape is None:
                    continue
                if method == "watch":
                    value = calls.argument_value(call, "tensor", 0)
                    if value is not None:
                        tape.watched.append(value)
                    continue
                tape.gradients.append(Gradient(call, tape, calls.argument_value(call, "target", 0),
                                               calls.argument_value(call, "sources", 1)))

    def _tape_called(self, call: cst.Call, tapes: list[Tape]) -> Optional[Tape]:
        receiver = calls.receiver(call)
        if not isinstance(receiver, cst.Name):
            return None
        function = self.facts.index.enclosing_function.get(call)
        at = self.order.get(id(call), -1)
        candidates = [t for t in tapes if t.name == receiver.value and t.function is function
                      and self.order.get(id(t.construction), at + 1) < at]
        return max(candidates, key=lambda t: self.order[id(t.construction)], default=None)

    def tape_of(self, node: cst.CSTNode) -> Optional[Tape]:
        """The innermost tape `node` runs under (by its own position, not its callers')."""
        found = [t for t in self.all if t.contains(node)]
        return min(found, key=lambda t: len(t.nodes), default=None)

    @cached_property
    def gradients(self) -> list[Gradient]:
        return [g for tape in self.all for g in tape.gradients]
