"""Local layer classes: their instances in the file, their `self.x` attributes set from the
constructor, and sizes read from those attributes (`self.units`, `self.hidden[0]`).

A value read through an attribute is only certain when the attribute is set once, in
`__init__`, never from outside nor changed in place, and the class has no local subclass that
could pass other constructor arguments.
"""

from __future__ import annotations

from functools import cached_property
from typing import Optional

import libcst as cst

from keraslint.analysis.calls import argument, has_unpacking
from keraslint.analysis.classes import custom_class_kind
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.initializers.describing import Describer, Substitutions
from keraslint.analysis.initializers.syntax import (
    assign_targets,
    is_self_attribute,
    literal_index,
    parameters_of,
)
from keraslint.analysis.scopes import PARAM
from keraslint.analysis.walk import descendants


class LayerClasses:
    """The classes of a file and what their constructor calls fix."""

    def __init__(self, facts: CoreFacts, describer: Describer) -> None:
        self.facts = facts
        self.values = facts.values
        self.describer = describer
        self._set_or_mutated: dict[cst.ClassDef, set[str]] = {}

    def dimension(self, expr: cst.BaseExpression, cls: cst.ClassDef) -> Optional[int]:
        """A size: a number, or `self.units` / `self.hidden[0]` set from the constructor, read
        for every instance of the class in the file (the smallest one; None if any is unknown)."""
        value = self.values.number(expr)
        if value is not None:
            return int(value)
        passed = self._constructor_argument(expr, cls)
        if passed is not None:
            return passed
        index = literal_index(expr)
        attribute = expr.value if index is not None else expr  # type: ignore[union-attr]
        if not is_self_attribute(attribute) or not self.attribute_set_only_in_init(
                cls, attribute.attr.value):  # type: ignore[union-attr]
            return None
        sizes = []
        for instance in self.certain_instances(cls):
            found = self.describer.instance_attribute(attribute.attr.value, Substitutions(instance=(cls, instance)))  # type: ignore[union-attr]
            if found is not None and index is not None:
                found = self._element(found[0], index, found[1])
            number = None if found is None else self.describer.number(*found)
            if number is None:
                return None
            sizes.append(int(number))
        return min(sizes) if sizes else None

    def _constructor_argument(self, expr: cst.BaseExpression, cls: cst.ClassDef) -> Optional[int]:
        """A parameter of the class's `__init__` used as a size (`in_features` in
        `tf.Variable(tf.random.normal([in_features, out_features]))`): the smallest value any
        instance in the file passes (or leaves at its literal default); None if any is unknown."""
        if not isinstance(expr, cst.Name):
            return None
        binding = self.values.binding_of(expr)
        init = self.describer.bodies.method(cls, "__init__")
        params = parameters_of(init) if init is not None else []
        if binding is None or binding.kind != PARAM or not any(p is binding.node for p in params):
            return None
        param = binding.node
        positional = (list(init.params.posonly_params)  # type: ignore[union-attr]
                      + list(init.params.params))[1:]  # type: ignore[union-attr]
        position = next((i for i, p in enumerate(positional) if p is param), None)
        sizes = []
        for instance in self.certain_instances(cls):
            if has_unpacking(instance):
                return None
            arg = argument(instance, param.name.value, position)  # type: ignore[union-attr]
            given = arg.value if arg is not None else param.default  # type: ignore[union-attr]
            number = self.values.number(given) if given is not None else None
            if number is None:
                return None
            sizes.append(int(number))
        return min(sizes) if sizes else None

    def _element(self, expr: cst.BaseExpression, index: int, ctx: Substitutions):
        """`expr[index]` for a tuple or list display, with the context to read it in."""
        container = self.describer.resolve(expr, ctx)
        if not isinstance(container, (cst.Tuple, cst.List)) or any(
                isinstance(e, cst.StarredElement) for e in container.elements):
            return None
        if not -len(container.elements) <= index < len(container.elements):
            return None
        return container.elements[index].value, ctx

    def certain_instances(self, cls: cst.ClassDef) -> list[cst.Call]:
        """The class's constructor calls, when they are all its instances in the file: a local
        subclass may pass its own constructor arguments, so then there are none."""
        if cls in self._subclassed:
            return []
        return self.instances(cls)

    @cached_property
    def _subclassed(self) -> set[cst.ClassDef]:
        """The local classes some local class derives from."""
        return {base for others in self.facts.index.classes.values() for other in others
                for base in (self.facts.definition(b.value) for b in other.bases)
                if isinstance(base, cst.ClassDef)}

    def attribute_set_only_in_init(self, cls: cst.ClassDef, attr: str) -> bool:
        """`self.attr` is assigned once, in `__init__`, and never from outside (`obj.attr = ...`)
        nor changed in place through a method (`self.hidden.append(...)`)."""
        assigned = self.describer.bodies.self_assignments(cls).get(attr)
        if assigned is None or len(assigned) != 1 or assigned[0][0].name.value != "__init__":
            return False
        if cls not in self._set_or_mutated:
            self._set_or_mutated[cls] = self._attributes_set_or_mutated(cls)
        return attr not in self._set_or_mutated[cls]

    def _attributes_set_or_mutated(self, cls: cst.ClassDef) -> set[str]:
        """Attribute names assigned on a non-`self` object anywhere in the file, or whose
        `self.x` value has a method called on it inside the class."""
        found = set(self._foreign_attribute_targets)
        for node in descendants(cls):
            if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
                    and is_self_attribute(node.func.value):
                found.add(node.func.value.attr.value)  # type: ignore[attr-defined]
            for target in assign_targets(node):
                if isinstance(target, cst.Subscript) and is_self_attribute(target.value):
                    found.add(target.value.attr.value)  # type: ignore[attr-defined]
        return found

    @cached_property
    def _foreign_attribute_targets(self) -> frozenset[str]:
        names = set()
        for node in descendants(self.facts.module):
            for target in assign_targets(node):
                for part in descendants(target):
                    if isinstance(part, cst.Attribute) and not is_self_attribute(part):
                        names.add(part.attr.value)
        return frozenset(names)

    def instances(self, cls: cst.ClassDef) -> list[cst.Call]:
        """Constructor calls of a local class, found once per file."""
        return self._instances_by_class.get(id(cls), [])

    @cached_property
    def _instances_by_class(self) -> dict[int, list[cst.Call]]:
        table: dict[int, list[cst.Call]] = {}
        for call in self.facts.index.calls:
            if isinstance(call.func, cst.Name) and call.func.value in self.facts.index.classes:
                cls = self.facts.definition(call.func)
                if isinstance(cls, cst.ClassDef):
                    table.setdefault(id(cls), []).append(call)
        return table

    def method_owner(self, call: cst.Call) -> Optional[cst.ClassDef]:
        """The class of the instance method (first parameter `self`) `call` sits in."""
        function = self.facts.index.enclosing_function.get(call)
        cls = self.facts.index.enclosing_class.get(function) if function is not None else None
        if cls is None or any(isinstance(d.decorator, cst.Name) and d.decorator.value in (
                "staticmethod", "classmethod") for d in function.decorators):  # type: ignore[union-attr]
            return None
        params = list(function.params.posonly_params) + list(function.params.params)  # type: ignore[union-attr]
        return cls if params and params[0].name.value == "self" else None

    def owning_layer_class(self, call: cst.Call) -> Optional[cst.ClassDef]:
        function = self.facts.index.enclosing_function.get(call)
        cls = self.facts.index.enclosing_class.get(function) if function is not None else None
        if cls is None or custom_class_kind(self.facts, cls) is None:
            return None
        return cls
