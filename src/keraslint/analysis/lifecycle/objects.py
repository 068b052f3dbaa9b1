"""Which object an expression changes or names, and where a statement runs relative to another.

`base.trainable`, `base.layers[-20:]`, `model.get_layer("x")` and the loop variable of
`for layer in base.layers:` all reach the object bound to `base`: `root_binding` answers with
that binding. Positions come from the index's name uses: a statement's order, scope and the
blocks (branches, loops) around it, so that "A runs before B on every path that reaches B" can
be asked without walking the tree again.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Optional

import libcst as cst

from keraslint.analysis.core import CoreFacts
from keraslint.analysis.scopes import ASSIGN, OPAQUE, Binding, Block, Scope

_MAX_DEPTH = 8


@dataclass(frozen=True)
class Position:
    """Where a statement runs: its scope, its order in the file, the blocks around it."""

    scope: Scope
    order: int
    blocks: tuple[Block, ...]

    def same_path(self, other: "Position") -> bool:
        """Same scope, and one's blocks enclose the other's: when the inner one runs, the outer
        one runs too (not two branches of one `if`)."""
        if self.scope is not other.scope:
            return False
        short, long = sorted((self.blocks, other.blocks), key=len)
        return long[: len(short)] == short

    def certainly_before(self, other: "Position") -> bool:
        """`self` runs before `other` whenever `other` runs: earlier, on the same path, and not
        inside a block (branch or loop) that `other` is outside of."""
        return (self.order < other.order and self.same_path(other)
                and other.blocks[: len(self.blocks)] == self.blocks)


def leftmost_name(expr: Optional[cst.BaseExpression]) -> Optional[cst.Name]:
    for _ in range(_MAX_DEPTH):
        if isinstance(expr, cst.Name):
            return expr
        if isinstance(expr, (cst.Attribute, cst.Subscript)):
            expr = expr.value
        elif isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute):
            expr = expr.func.value
        else:
            return None
    return None


class Objects:
    def __init__(self, facts: CoreFacts) -> None:
        self.facts = facts

    def position(self, expr: Optional[cst.BaseExpression]) -> Optional[Position]:
        """The position of the statement that reads `expr` (through its leftmost name)."""
        name = leftmost_name(expr)
        use = self.facts.index.uses.get(name) if name is not None else None
        return None if use is None else Position(use.scope, use.order, use.blocks)

    def root_binding(self, expr: Optional[cst.BaseExpression], depth: int = 0) -> Optional[Binding]:
        """The binding of the object `expr` is part of: `base` for `base.layers[3]`,
        `base.get_layer("x")` and a `for layer in base.layers:` variable; through plain
        aliases (`m = model`). None when not certain."""
        name = leftmost_name(expr)
        if name is None or depth > _MAX_DEPTH:
            return None
        binding = self.facts.values.binding_of(name)
        if binding is None:
            return None
        if binding.kind == OPAQUE:
            loop = self._loops.get(id(name))
            return None if loop is None else self.root_binding(loop, depth + 1)
        if binding.kind == ASSIGN and not binding.path and isinstance(binding.node, cst.Name):
            return self.root_binding(binding.node, depth + 1)
        return binding

    @cached_property
    def _loops(self) -> dict[int, cst.BaseExpression]:
        """id(name use) -> the iterable of the `for` loop whose plain target binds it, for the
        uses inside the loop body."""
        table: dict[int, cst.BaseExpression] = {}
        for node in _for_loops(self.facts):
            if not isinstance(node.target, cst.Name):
                continue
            target = node.target.value
            for use in _names_in(node.body):
                if use.value == target:
                    table[id(use)] = node.iter
        return table


def _for_loops(facts: CoreFacts) -> list[cst.For]:
    """Every `for` statement of the file: only statements are walked, not expressions."""
    found: list[cst.For] = []
    stack: list[cst.CSTNode] = [facts.module]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.For):
            found.append(node)
        for name in ("body", "orelse", "finalbody", "handlers"):
            part = getattr(node, name, None)
            if isinstance(part, (tuple, list)):
                stack.extend(part)
            elif isinstance(part, cst.CSTNode):
                stack.append(part)
    return found


def _names_in(node: cst.CSTNode):
    from keraslint.analysis.walk import descendants

    for child in descendants(node):
        if isinstance(child, cst.Name):
            yield child
