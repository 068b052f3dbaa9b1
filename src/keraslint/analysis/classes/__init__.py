"""Custom Keras classes: the layers, models and `tf.Module`s a file defines, and what their
methods do with `self`.

A class counts when it derives, directly or through local intermediate classes, from a Keras
layer or model base in any spelling, or from `tf.Module` (see `bases`). For each one,
`KerasClass` answers: its kind, its external bases and whether every base is known
(`complete`: a base imported from the user's own package may define anything), its methods
(own, or inherited from a local base), what those methods assign to and read from `self`,
which methods `call()` reaches, the variables it creates and where, whether its constructor
calls the base constructor, and whether it defines `get_config`.

`ClassFacts` is the one object rules ask (`facts.classes`). It also answers the file-level
`flavour` (Keras 3 or legacy `tf_keras`, see `flavour`), a class's constructor calls, and which
attribute names are read anywhere in the file on objects other than `self`. Every answer that
the code leaves open is None ("unknown"); rules stay quiet on it.

Modules, lowest first: `bases` (which bases make a custom class, of which kind), `flavour`,
`members` (one walk per method: assignments, reads, self-calls, variables, base `__init__`
calls), `config` (whether Keras can infer a config from an instance's constructor values).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Optional

import libcst as cst

from keraslint.analysis.classes.bases import LAYER, MODEL, MODULE, is_pure, kind_of
from keraslint.analysis.classes.config import ConfigBlocker, config_blocker
from keraslint.analysis.classes.flavour import (
    KERAS3,
    LEGACY,
    keras_flavour,
    through_tensorflow,
)
from keraslint.analysis.classes.members import (
    ADD_WEIGHT,
    KERAS_VARIABLE,
    TF_VARIABLE,
    Assignment,
    Members,
    MethodEvents,
    VariableCreation,
    read_members,
)
from keraslint.analysis.core import CoreFacts

__all__ = [
    "ADD_WEIGHT", "KERAS3", "KERAS_VARIABLE", "LAYER", "LEGACY", "MODEL", "MODULE", "TF_VARIABLE",
    "Assignment", "ClassFacts", "ConfigBlocker", "KerasClass", "VariableCreation",
    "custom_class_kind",
]

_MAX_DEPTH = 12
# The method that runs the forward pass, by kind.
_FORWARD = {LAYER: "call", MODEL: "call", MODULE: "__call__"}


def custom_class_kind(facts: CoreFacts, cls: cst.ClassDef) -> Optional[str]:
    """LAYER, MODEL or MODULE for a custom Keras/TensorFlow class, else None (one notion of
    "a custom layer class", shared with the initializer facts)."""
    return kind_of(frozenset(facts.class_bases(cls)))


@dataclass(eq=False)
class KerasClass:
    node: cst.ClassDef = field(repr=False)
    name: str
    kind: str
    bases: frozenset[str]  # canonical external bases, through local intermediate classes
    complete: bool  # every base, through local ones, is a known name or a local class
    lineage: tuple[cst.ClassDef, ...] = field(repr=False)  # itself, then local bases (MRO-ish)
    members: Members = field(repr=False)
    inherited: tuple[Members, ...] = field(repr=False)  # the local bases' members, nearest first

    @property
    def pure(self) -> bool:
        """Its external bases are only `keras.layers.Layer` / `keras.Model`."""
        return is_pure(self.bases)

    def method(self, name: str) -> Optional[cst.FunctionDef]:
        """The class's own method, else the nearest local base's; None if neither defines it."""
        for members in (self.members, *self.inherited):
            if name in members.methods:
                return members.methods[name]
        return None

    def defines(self, name: str) -> Optional[bool]:
        """Whether the class or a local base defines method `name`; None when a base we cannot
        see (an unknown or non-pure external base) may define it."""
        if self.method(name) is not None:
            return True
        return False if self.complete and self.pure else None

    def reachable_methods(self, start: str) -> set[str]:
        """`start` and every method it reaches through `self.m(...)` calls (own or local)."""
        seen: set[str] = set()
        todo = [start]
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            for members in (self.members, *self.inherited):
                if name in members.methods:
                    todo.extend(members.self_calls.get(name, ()))
                    break
        return seen

    @property
    def forward_methods(self) -> set[str]:
        """The forward pass (`call`, `__call__` for a module) and the methods it calls,
        excluding `build` (a lazy `build` from `call` runs once, before the weights are used)."""
        return self.reachable_methods(_FORWARD[self.kind]) - {"build"}

    def super_init(self) -> Optional[bool]:
        """True when the constructor calls a base `__init__` (itself or through a method it
        calls), False when it certainly never does, None when unknown."""
        init = self.members.methods.get("__init__")
        if init is None:
            return True  # inherited: the base's own constructor
        if init.decorators or self.members.init_unknown:
            return None
        reached = self.reachable_methods("__init__")
        for members in (self.members, *self.inherited):
            if reached & members.base_init_in:
                return True
        if not self.complete:
            local = {n for m in (self.members, *self.inherited) for n in m.methods}
            if reached - local:
                return None  # a mixin's method may initialise the base
        return False

    def assignments(self, attr: str) -> list[Assignment]:
        return [a for m in (self.members, *self.inherited) for a in m.assignments.get(attr, ())]

    def reads(self) -> set[str]:
        """Attributes read through `self` in any method of the class or its local bases."""
        return {a for m in (self.members, *self.inherited) for a in m.reads_anywhere()}

    @property
    def dynamic(self) -> bool:
        """Some method reaches attributes by computed names (`getattr(self, name)`,
        `self.__dict__`, `self.layers`...)."""
        return any(m.dynamic for m in (self.members, *self.inherited))


class ClassFacts:
    """The custom Keras classes of one file, read once, on first use."""

    def __init__(self, facts: CoreFacts) -> None:
        self.facts = facts
        self._by_node: dict[int, Optional[KerasClass]] = {}
        self._members: dict[int, Members] = {}

    @cached_property
    def flavour(self) -> Optional[str]:
        """KERAS3, LEGACY or None: the Keras this file runs on (see `flavour`)."""
        return keras_flavour(self.facts)

    @cached_property
    def keras_name(self) -> str:
        """How to name the file's Keras 3 in a message: "Keras 3", or "Keras 3 (`tf.keras`
        since TensorFlow 2.16)" when the file reaches it only through TensorFlow."""
        if through_tensorflow(self.facts):
            return "Keras 3 (`tf.keras` since TensorFlow 2.16)"
        return "Keras 3"

    @cached_property
    def all(self) -> list[KerasClass]:
        """Every custom Keras/TF class of the file, in source order."""
        nodes = [n for n in self.facts.index.scope_of_node if isinstance(n, cst.ClassDef)]
        return [k for k in map(self.of, nodes) if k is not None]

    def of(self, cls: cst.ClassDef) -> Optional[KerasClass]:
        """The `KerasClass` of a class definition, or None when it is no custom Keras class."""
        key = id(cls)
        if key not in self._by_node:
            self._by_node[key] = self._build(cls)
        return self._by_node[key]

    def _build(self, cls: cst.ClassDef) -> Optional[KerasClass]:
        bases = frozenset(self.facts.class_bases(cls))
        kind = kind_of(bases)
        if kind is None:
            return None
        lineage, complete = self._lineage(cls)
        members = [self._members_of(c) for c in lineage]
        return KerasClass(cls, cls.name.value, kind, bases, complete, tuple(lineage),
                          members[0], tuple(members[1:]))

    def _lineage(self, cls: cst.ClassDef) -> tuple[list[cst.ClassDef], bool]:
        """The class and its local bases (depth first, left to right), and whether every base
        resolved to a known name or a local class."""
        lineage: list[cst.ClassDef] = []
        complete = True
        todo = [cls]
        while todo and len(lineage) < _MAX_DEPTH:
            current = todo.pop(0)
            if any(current is seen for seen in lineage):
                continue
            lineage.append(current)
            for base in current.bases:
                if base.keyword is not None:
                    continue  # metaclass=...
                local = self.facts.definition(base.value)
                if isinstance(local, cst.ClassDef):
                    todo.append(local)
                elif self.facts.qualified_name(base.value) is None:
                    complete = False
        return lineage, complete and not todo

    def _members_of(self, cls: cst.ClassDef) -> Members:
        key = id(cls)
        if key not in self._members:
            self._members[key] = read_members(self.facts, cls, self._events)
        return self._members[key]

    @cached_property
    def _events(self) -> MethodEvents:
        return MethodEvents(self.facts)

    def enclosing(self, node: cst.Call) -> tuple[Optional[KerasClass], Optional[str]]:
        """The custom class and method name a call sits in (directly: not in a nested def)."""
        function = self.facts.index.enclosing_function.get(node)
        cls = self.facts.index.enclosing_class.get(function) if function is not None else None
        if cls is None:
            return None, None
        return self.of(cls), function.name.value  # type: ignore[union-attr]

    def instances(self, cls: KerasClass) -> list[cst.Call]:
        """The class's constructor calls in the file (`Net(...)`, through aliases)."""
        return self._instances.get(id(cls.node), [])

    @cached_property
    def _instances(self) -> dict[int, list[cst.Call]]:
        names = set(self.facts.index.classes)
        table: dict[int, list[cst.Call]] = {}
        for call in self.facts.index.calls:
            if isinstance(call.func, cst.Name) and call.func.value in names:
                definition = self.facts.definition(call.func)
                if isinstance(definition, cst.ClassDef):
                    table.setdefault(id(definition), []).append(call)
        return table

    def config_blocker(self, cls: KerasClass, instance: cst.Call) -> Optional[ConfigBlocker]:
        """The constructor value of `instance` (or, on Keras 3, a default) that stops the
        file's Keras from inferring `cls`'s config without `get_config`; None when Keras can
        infer it or a value is unknown (see `config`)."""
        if self.flavour is None:
            return None
        return config_blocker(self.facts, cls.method("__init__"), instance, self.flavour)

    def subclasses(self, cls: KerasClass) -> list[KerasClass]:
        """Local classes deriving from `cls` (directly or through local classes)."""
        return [other for other in self.all
                if other is not cls and any(c is cls.node for c in other.lineage)]

    def read_elsewhere(self, attr: str) -> bool:
        """`attr` is read somewhere other than as `self.<attr>` inside a class: on another
        object (`model.encoder`, `self.model.encoder`), as `self.<attr>` in a function attached
        to a class later (`FeedBack.warmup = warmup`), or by `getattr(obj, "<attr>")`. From the
        index's attribute table: no walk of the module."""
        stores = self.facts.index.attribute_stores
        for node in self.facts.index.attributes.get(attr, ()):
            if id(node) in stores:
                continue
            if not self._self_in_method(node.value):
                return True
        return attr in self._getattr_names

    def _self_in_method(self, expr: cst.BaseExpression) -> bool:
        if not (isinstance(expr, cst.Name) and expr.value == "self"):
            return False
        use = self.facts.index.uses.get(expr)
        scope = use.scope if use is not None else None
        while scope is not None and not scope.is_class:
            if scope.is_function and scope.parent is not None and scope.parent.is_class:
                return True
            scope = scope.parent
        return False

    @cached_property
    def _getattr_names(self) -> frozenset[str]:
        names = set()
        for function in ("getattr", "hasattr"):
            for call in self.facts.values.callers(function):
                if isinstance(call.func, cst.Name) and len(call.args) > 1:
                    name = self.facts.values.string(call.args[1].value)
                    if name is not None:
                        names.add(name)
        return frozenset(names)
