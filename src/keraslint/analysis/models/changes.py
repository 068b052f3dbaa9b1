"""Whether a model or a container is changed after it is built.

A `Sequential` gains layers through `model.add(...)` and loses them through `model.pop()`; a
layer list, an `outputs` list or a loss dict can be changed in place (`.append`, `x[k] = v`,
`del x[k]`) or handed to a local function that may do either. Facts read from the construction
alone are only certain when none of that happens.
"""

from __future__ import annotations

from functools import cached_property
from typing import Iterator, Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import Context, resolve
from keraslint.analysis.models.resolution import Origin
from keraslint.analysis.scopes import ASSIGN, Binding

_MUTATING_METHODS = frozenset({"append", "extend", "insert", "pop", "remove", "clear", "reverse",
                               "sort", "__setitem__", "update", "setdefault", "popitem"})


class Changes:
    """Changes made to a binding's value after it is bound (methods, items, helper calls)."""

    def __init__(self, facts: CoreFacts) -> None:
        self.facts = facts

    def added_layers(self, origin: "Origin") -> Optional[list[tuple[cst.BaseExpression, bool]]]:
        """`model.add(layer)` calls on this binding before the use: (layer, under a condition?)."""
        added = []
        binding = origin.binding
        for call in self.facts.index.calls:
            target = call.func.value if isinstance(call.func, cst.Attribute) else None
            if isinstance(target, cst.Name) and self.facts.values.binding_of(target) is binding:
                order = self.facts.index.uses[target].order
                if origin.cutoff is not None and order > origin.cutoff:
                    continue
                method = call.func.attr.value  # type: ignore[union-attr]
                if method == "pop":
                    return None
                if method == "add":
                    layer = calls.argument_value(call, "layer", 0)
                    if layer is None:
                        return None
                    use = self.facts.index.uses[target]
                    elsewhere = use.scope is not binding.scope  # a function that may not run
                    added.append((layer, elsewhere or len(use.blocks) > len(binding.blocks)))
            elif self.passes_to_local_function(call, binding):
                return None  # a helper may add layers we cannot see
        return added

    def passes_to_local_function(self, call: cst.Call, binding: Binding) -> bool:
        if not isinstance(self.facts.definition(call.func), cst.FunctionDef):
            return False
        return any(isinstance(a.value, cst.Name)
                   and self.facts.values.binding_of(a.value) is binding for a in call.args)

    def is_mutated(self, expr: cst.BaseExpression) -> bool:
        """A list variable later changed by `.append(...)`, `.insert(...)`..."""
        if not isinstance(expr, cst.Name):
            return False
        binding = self.facts.values.binding_of(expr)
        if binding is None:
            return True
        for call in self.facts.index.calls:
            target = call.func.value if isinstance(call.func, cst.Attribute) else None
            if (isinstance(target, cst.Name) and target.value == expr.value
                    and call.func.attr.value in _MUTATING_METHODS  # type: ignore[union-attr]
                    and self.facts.values.binding_of(target) is binding):
                return True
        return False

    def stable_value(self, expr: cst.BaseExpression, ctx: Optional[Context] = None
                      ) -> Optional[cst.BaseExpression]:
        """What `expr` stands for; None for a list/tuple/dict reached through a name the code
        changes afterwards (`losses["x"] = ...`, `outs.append(y)`): its contents are unsure."""
        value = resolve(self.facts, expr, ctx)
        if isinstance(value, (cst.List, cst.Tuple, cst.Dict)) and self._changed_on_the_way(expr):
            return None
        return value

    def _changed_on_the_way(self, expr: cst.BaseExpression) -> bool:
        for _ in range(12):
            if not isinstance(expr, cst.Name):
                return False
            binding = self.facts.values.binding_of(expr)
            if binding is None or self._is_changed(expr, binding):
                return True
            if binding.kind != ASSIGN or binding.path:
                return False
            expr = binding.node  # type: ignore[assignment]
        return True

    def _is_changed(self, name: cst.Name, binding: Binding) -> bool:
        """A container changed in place: a mutating method, an item assigned or deleted, or
        handed to a local function (which may do either)."""
        if self.is_mutated(name):
            return True
        if any(self.facts.values.binding_of(n) is binding
               for n in self._item_targets.get(name.value, ())):
            return True
        return any(self.passes_to_local_function(c, binding) for c in self.facts.index.calls)

    @cached_property
    def _item_targets(self) -> dict[str, list[cst.Name]]:
        """Names whose items are assigned or deleted: `x[k] = v`, `x[k] += v`, `del x[k]`."""
        found: dict[str, list[cst.Name]] = {}
        for target in _subscript_targets(self.facts.module):
            found.setdefault(target.value, []).append(target)
        return found


def _subscript_targets(module: cst.Module) -> Iterator[cst.Name]:
    """Names subscripted in an assignment or `del` target, anywhere in the module."""
    collector = _SubscriptTargets()
    module.visit(collector)
    return iter(collector.found)


class _SubscriptTargets(cst.CSTVisitor):
    def __init__(self) -> None:
        self.found: list[cst.Name] = []

    def _add(self, target: cst.BaseExpression) -> None:
        if isinstance(target, cst.Subscript) and isinstance(target.value, cst.Name):
            self.found.append(target.value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._add(element.value)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._add(target.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._add(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._add(node.target)

    def visit_Del(self, node: cst.Del) -> None:
        self._add(node.target)
