"""Whether a model or a container is changed after it is built.

A `Sequential` gains layers through `model.add(...)` and loses them through `model.pop()`; a
layer list, an `outputs` list or a loss dict can be changed in place (`.append`, `x[k] = v`,
`del x[k]`) or handed to a local function that may do either. Facts read from the construction
alone are only certain when none of that happens.
"""

from __future__ import annotations

from functools import cached_property
from typing import Iterator, NamedTuple, Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import Context, bind_arguments, resolve
from keraslint.analysis.models.resolution import Origin
from keraslint.analysis.scopes import ASSIGN, Binding, Use
from keraslint.analysis.walk import descendants

_MUTATING_METHODS = frozenset({"append", "extend", "insert", "pop", "remove", "clear", "reverse",
                               "sort", "__setitem__", "update", "setdefault", "popitem"})


class Added(NamedTuple):
    """A layer added to a `Sequential`: under a condition or not, and by which local helper
    call (`add_block(model, 64)`; None for a `model.add(...)` where the model is built)."""

    layer: cst.BaseExpression
    conditional: bool
    helper: Optional[cst.Call] = None


class Changes:
    """Changes made to a binding's value after it is bound (methods, items, helper calls).

    Each question is answered from tables built once per file (method calls by receiver
    binding, bindings handed to local functions, bindings whose items are assigned), so asking
    about every model of a file stays linear in its size.
    """

    def __init__(self, facts: CoreFacts) -> None:
        self.facts = facts

    def added_layers(self, origin: Origin) -> Optional[list[Added]]:
        """The layers added to this binding before the use, in order, as `Added` (the layer,
        whether it is added under a condition, the helper call it comes from): `model.add(...)`
        calls, and local helpers the model is passed to (`add_block(model, 64)`) whose body
        only adds layers to it; a helper that may do more makes the layers unknown (None)."""
        binding = origin.binding
        added: list[Added] = []
        for call, use in self._layer_changes_before(origin):
            conditional = use.scope is not binding.scope or len(use.blocks) > len(binding.blocks)
            if not isinstance(call.func, cst.Attribute):  # a helper the model is passed to
                layers = self._helper_adds(call, binding)
                if layers is None:
                    return None  # a helper may add layers we cannot see
                added.extend(Added(layer, conditional, call) for layer in layers)
                continue
            if call.func.attr.value == "pop":
                return None
            layer = calls.argument_value(call, "layer", 0)
            if layer is None:
                return None
            added.append(Added(layer, conditional))
        return added

    def _helper_adds(self, call: cst.Call, binding: Binding) -> Optional[list[cst.BaseExpression]]:
        """The layers `def add_block(model, filters): model.add(...)` adds when `call` passes
        the model: `.add` statements at the top of its body, nothing else done to the model
        but `return model`."""
        function = self.facts.definition(call.func)
        if not isinstance(function, cst.FunctionDef) or calls.has_unpacking(call):
            return None
        params = [p for p, value in bind_arguments(function, call).items()
                  if isinstance(value, cst.Name)
                  and self.facts.values.binding_of(value) is binding]
        if len(params) != 1:
            return None
        param = params[0]
        layers = []
        for statement in getattr(function.body, "body", ()):
            used = [n for n in descendants(statement) if isinstance(n, cst.Name)
                    and n.value == param.name.value
                    and (b := self.facts.values.binding_of(n)) is not None and b.node is param]
            if not used:
                continue
            small = statement.body[0] if isinstance(statement, cst.SimpleStatementLine) \
                and len(statement.body) == 1 else None
            if isinstance(small, cst.Return) and small.value is used[0]:
                continue
            value = small.value if isinstance(small, cst.Expr) else None
            if not (isinstance(value, cst.Call) and calls.method_name(value) == "add"
                    and len(used) == 1 and calls.receiver(value) is used[0]):
                return None
            layer = calls.argument_value(value, "layer", 0)
            if layer is None:
                return None
            layers.append(layer)
        return layers

    def layer_changes_before(self, origin: Origin) -> int:
        """How many `.add`/`.pop` calls on the binding come before the use: two uses with the
        same count see the same model."""
        return len(self._layer_changes_before(origin))

    def _layer_changes_before(self, origin: Origin) -> list[tuple[cst.Call, Use]]:
        changes = self._layer_changes.get(origin.binding, [])
        if origin.cutoff is None:
            return changes
        return [(call, use) for call, use in changes if use.order <= origin.cutoff]

    def is_mutated(self, expr: cst.BaseExpression) -> bool:
        """A list variable later changed by `.append(...)`, `.insert(...)`..."""
        if not isinstance(expr, cst.Name):
            return False
        binding = self.facts.values.binding_of(expr)
        if binding is None:
            return True
        return any(call.func.attr.value in _MUTATING_METHODS  # type: ignore[union-attr]
                   for call, _ in self._method_calls.get(binding, ()))

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
        return (self.is_mutated(name) or binding in self._item_assigned
                or binding in self._handed_to_local_functions)

    # -- the tables, built once per file ---------------------------------------------------------
    @cached_property
    def _method_calls(self) -> dict[Binding, list[tuple[cst.Call, cst.Name]]]:
        """Binding -> the `name.method(...)` calls on it (with the receiver name), in order."""
        table: dict[Binding, list[tuple[cst.Call, cst.Name]]] = {}
        for call in self.facts.index.calls:
            target = call.func.value if isinstance(call.func, cst.Attribute) else None
            if isinstance(target, cst.Name):
                binding = self.facts.values.binding_of(target)
                if binding is not None:
                    table.setdefault(binding, []).append((call, target))
        return table

    @cached_property
    def _layer_changes(self) -> dict[Binding, list[tuple[cst.Call, Use]]]:
        """Binding -> its `.add(...)`/`.pop(...)` calls and the local helper calls it is passed
        to (with the use of its name), in source order."""
        table: dict[Binding, list[tuple[cst.Call, Use]]] = {}
        for binding, method_calls in self._method_calls.items():
            for call, target in method_calls:
                if call.func.attr.value in ("add", "pop"):  # type: ignore[union-attr]
                    table.setdefault(binding, []).append((call, self.facts.index.uses[target]))
        for binding, handed in self._handed.items():
            table.setdefault(binding, []).extend(
                (call, self.facts.index.uses[name]) for call, name in handed)
            table[binding].sort(key=lambda change: change[1].order)
        return table

    @cached_property
    def _handed(self) -> dict[Binding, list[tuple[cst.Call, cst.Name]]]:
        """Binding -> the calls of functions defined in the file it is passed to by name
        (`helper(model)`), with the name passed, in order."""
        found: dict[Binding, list[tuple[cst.Call, cst.Name]]] = {}
        for call in self.facts.index.calls:
            if not isinstance(self.facts.definition(call.func), cst.FunctionDef):
                continue
            for arg in call.args:
                if isinstance(arg.value, cst.Name):
                    binding = self.facts.values.binding_of(arg.value)
                    if binding is not None:
                        found.setdefault(binding, []).append((call, arg.value))
        return found

    @cached_property
    def _handed_to_local_functions(self) -> set[Binding]:
        """Bindings passed by name to a function defined in the file: `helper(model)`."""
        return set(self._handed)

    @cached_property
    def _item_assigned(self) -> set[Binding]:
        """Bindings whose items are assigned or deleted: `x[k] = v`, `x[k] += v`, `del x[k]`."""
        found: set[Binding] = set()
        for target in _subscript_targets(self.facts.module):
            binding = self.facts.values.binding_of(target)
            if binding is not None:
                found.add(binding)
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
