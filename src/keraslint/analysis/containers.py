"""Lists built step by step: `layers = [Input(...)]`, then `layers.append(...)` and
`layers.extend([...])`, then `Sequential(layers)`.

`list_items(facts, expr)` follows a name to the list literal it is bound to and replays the
`append`/`extend` calls made on that same binding before `expr` is read, in source order. An
element added unconditionally (at the binding's own block level) is *certain*; one added in a
loop or under a condition may be there zero, one or several times. Anything else done to the
list (another mutating method, an item assignment, handing it to a local function, an `extend`
of something that is not a literal list) makes the contents unknown: None.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import libcst as cst

from keraslint.analysis.core import CoreFacts
from keraslint.analysis.scopes import ASSIGN, Binding
from keraslint.analysis.walk import descendants

# Methods that change a list in ways the replay does not follow.
_OTHER_MUTATIONS = frozenset({"insert", "pop", "remove", "clear", "reverse", "sort",
                              "__setitem__", "__delitem__", "__iadd__"})


@dataclass(frozen=True)
class Item:
    """One element of a built list: the expression (None: an unknown element) and whether it
    is certainly there exactly once (not added in a loop or under a condition)."""

    expr: Optional[cst.BaseExpression]
    certain: bool


def list_items(facts: CoreFacts, expr: Optional[cst.BaseExpression]) -> Optional[list[Item]]:
    """The elements of the list `expr` stands for at this read, or None when not known."""
    if isinstance(expr, (cst.List, cst.Tuple)):
        return _literal(expr, True)
    if not isinstance(expr, cst.Name):
        return None
    binding = facts.values.binding_of(expr)
    use = facts.index.uses.get(expr)
    if binding is None or use is None or binding.kind != ASSIGN or binding.path \
            or not isinstance(binding.node, (cst.List, cst.Tuple)):
        return None
    items = _literal(binding.node, True)  # type: ignore[arg-type]
    if items is None:
        return None
    if _subscripted(facts, binding):
        return None
    for call, name in _calls_on(facts, binding):
        order = facts.index.uses[name].order
        if order >= use.order:
            continue
        method = call.func.attr.value  # type: ignore[union-attr]
        if method in _OTHER_MUTATIONS:
            return None
        if method not in ("append", "extend"):
            continue
        here = facts.index.uses[name]
        certain = here.scope is binding.scope and here.blocks == binding.blocks
        if len(call.args) != 1 or call.args[0].star or call.args[0].keyword is not None:
            return None
        added = call.args[0].value
        if method == "append":
            items.append(Item(added, certain))
            continue
        extended = facts.values.resolve(added)
        more = _literal(extended, certain) if isinstance(extended, (cst.List, cst.Tuple)) else None
        if more is None:
            return None
        items.extend(more)
    if any(_passed_to_local_function(facts, call, binding) for call in facts.index.calls):
        return None
    return items


def _literal(node: cst.BaseExpression, certain: bool) -> Optional[list[Item]]:
    if not isinstance(node, (cst.List, cst.Tuple)):
        return None
    return [Item(None if isinstance(e, cst.StarredElement) else e.value,
                 certain and not isinstance(e, cst.StarredElement)) for e in node.elements]


def _calls_on(facts: CoreFacts, binding: Binding) -> list[tuple[cst.Call, cst.Name]]:
    """`<name>.method(...)` calls whose receiver is this binding, in source order."""
    found = []
    for call in facts.index.calls:
        func = call.func
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) \
                and func.value.value == binding.name \
                and facts.values.binding_of(func.value) is binding:
            found.append((call, func.value))
    return found


def _passed_to_local_function(facts: CoreFacts, call: cst.Call, binding: Binding) -> bool:
    if not isinstance(facts.definition(call.func), cst.FunctionDef):
        return False
    return any(isinstance(a.value, cst.Name) and facts.values.binding_of(a.value) is binding
               for a in call.args)


def _subscripted(facts: CoreFacts, binding: Binding) -> bool:
    """`layers[0] = ...`, `del layers[0]`, `layers += [...]`: changed in place."""
    for name in _subscript_targets(facts.module).get(binding.name, ()):
        if facts.values.binding_of(name) is binding:
            return True
    return False


def _subscript_targets(module: cst.Module) -> dict[str, list[cst.Name]]:
    found: dict[str, list[cst.Name]] = {}

    def add(target: cst.BaseExpression) -> None:
        if isinstance(target, cst.Subscript) and isinstance(target.value, cst.Name):
            found.setdefault(target.value.value, []).append(target.value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                add(element.value)

    for node in descendants(module):
        if isinstance(node, cst.Assign):
            for target in node.targets:
                add(target.target)
        elif isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.Del)):
            add(node.target)
    return found
