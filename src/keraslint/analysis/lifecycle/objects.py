"""Which object an expression changes or names, and where a statement runs relative to another.

`base.trainable`, `base.layers[-20:]`, `model.get_layer("x")` and the loop variable of
`for layer in base.layers:` all reach the object bound to `base`: `root_binding` answers with
that binding. Positions come from the index's name uses: a statement's order, scope and the
blocks (branches, loops) around it, so that "A runs before B on every path that reaches B" can
be asked without walking the tree again.
"""

from __future__ import annotations

from dataclasses import dataclass
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
            loop = self.facts.index.loop_targets.get(binding)
            return None if loop is None else self.root_binding(loop.iter, depth + 1)
        if binding.kind == ASSIGN and not binding.path and isinstance(binding.node, cst.Name):
            return self.root_binding(binding.node, depth + 1)
        return binding
