"""How a value is computed inside one function: the assignments a name certainly comes from.

`grads = tape.gradient(loss, ...)`: is `loss` computed under the tape, and from what? The
answer follows names back through the assignments that certainly reach them (the values
domain's reaching binding), within the same function. A name whose binding is uncertain
(rebound in a branch, augmented with `+=`, a parameter) ends the chain: `Step.complete` is
False and rules that need the whole chain stay quiet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Optional

import libcst as cst

from keraslint.analysis.core import CoreFacts
from keraslint.analysis.scopes import ASSIGN, Binding
from keraslint.analysis.training.statements import own_nodes

MAX_STEPS = 40


@dataclass(frozen=True)
class Step:
    """One assignment on the way to a value: `name = value`."""

    name: str
    binding: Binding = field(repr=False)
    value: cst.BaseExpression = field(repr=False)


@dataclass
class Chain:
    """The assignments a value comes from (nearest first) and whether every name was
    followed to a certain assignment (`complete`)."""

    root: cst.BaseExpression = field(repr=False)
    steps: list[Step] = field(default_factory=list, repr=False)
    complete: bool = True
    opaque: list[str] = field(default_factory=list)  # names whose binding is not an assignment

    def expressions(self) -> Iterator[cst.BaseExpression]:
        yield self.root
        for step in self.steps:
            yield step.value

    def nodes(self) -> Iterator[cst.CSTNode]:
        """Every node the value is computed from (its own expression and the assigned ones)."""
        for expr in self.expressions():
            yield from own_nodes(expr)


def chain(facts: CoreFacts, expr: cst.BaseExpression, scope_node: Optional[cst.CSTNode]) -> Chain:
    """The assignments `expr` comes from inside the scope of `scope_node` (a def, or the
    module when None)."""
    result = Chain(expr)
    scope = facts.index.scope_of_node.get(scope_node if scope_node is not None
                                          else facts.module)
    seen: set[int] = set()
    work = [expr]
    while work and len(result.steps) < MAX_STEPS:
        current = work.pop()
        for node in own_nodes(current):
            if not isinstance(node, cst.Name) or id(node) in seen:
                continue
            seen.add(id(node))
            use = facts.index.uses.get(node)
            if use is None or use.scope is not scope:
                continue
            if node.value not in use.scope.bindings:
                continue  # a global, builtin or import of an outer scope
            binding = facts.values.binding_of(node)
            if binding is None:
                result.complete = False
                continue
            if binding.kind != ASSIGN or binding.node is None:
                if binding.kind not in ("import", "function", "class"):
                    result.opaque.append(node.value)
                    if binding.kind != "param":
                        result.complete = False
                continue
            if any(step.binding is binding for step in result.steps):
                continue
            value = binding.node  # the whole right-hand side, also for `a, b = f()`
            result.steps.append(Step(node.value, binding, value))  # type: ignore[arg-type]
            work.append(value)  # type: ignore[arg-type]
    return result
