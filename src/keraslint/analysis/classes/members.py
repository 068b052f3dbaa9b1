"""What one class's methods do with `self`: attributes they assign and read, methods they call
on `self`, variables they create, and the base `__init__` calls of its constructor.

Read once per class, by one walk of each method (nested functions included: a closure's `self`
is the method's; nested classes excluded: their `self` is another object).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterator, Optional

import libcst as cst

from keraslint.analysis.core import CoreFacts
from keraslint.analysis.walk import children

# How a variable is created.
ADD_WEIGHT, TF_VARIABLE, KERAS_VARIABLE = "add_weight", "tf.Variable", "keras.Variable"
_VARIABLE_CONSTRUCTORS = {
    "tensorflow.Variable": TF_VARIABLE, "tensorflow.compat.v1.Variable": TF_VARIABLE,
    "keras.Variable": KERAS_VARIABLE, "keras.backend.Variable": KERAS_VARIABLE,
}
_WEIGHT_METHODS = ("add_weight", "add_variable")
# Builtins that take `self` without being able to initialise it.
_HARMLESS_SELF_CALLS = frozenset({
    "isinstance", "getattr", "setattr", "hasattr", "super", "print", "len", "id", "type", "str",
    "repr", "vars", "dir", "callable", "issubclass",
})
_DYNAMIC_SELF = frozenset({"__dict__", "layers", "_layers", "submodules", "_flatten_layers",
                           "_self_tracked_trackables", "_tracked"})


@dataclass(frozen=True)
class Assignment:
    """`self.<attr> = <value>` in a method; `value` None when not one plain value."""

    attr: str
    method: str
    value: Optional[cst.BaseExpression] = field(repr=False)
    statement: cst.CSTNode = field(repr=False)
    conditional: bool  # inside an `if`, loop, `try` or `with` of the method


@dataclass(frozen=True)
class VariableCreation:
    """A weight or variable created in a method: `self.add_weight(...)`, `tf.Variable(...)`,
    `keras.Variable(...)`. `attribute` is the `self` attribute it is stored in (directly or as
    an element of a list, tuple, dict or comprehension), None when kept elsewhere."""

    call: cst.Call = field(repr=False)
    kind: str
    method: str
    guarded: bool  # inside an `if` of the method (the lazy-creation idiom)
    attribute: Optional[str]
    # The method has a decorator other than `tf.function` (e.g. `track_tf1_style_variables`,
    # which tracks and reuses the variables its method creates): what it does is unknown.
    decorated: bool = False


@dataclass(eq=False)
class Members:
    methods: dict[str, cst.FunctionDef] = field(default_factory=dict)
    assignments: dict[str, list[Assignment]] = field(default_factory=dict)
    reads: dict[str, set[str]] = field(default_factory=dict)  # method -> `self.x` read
    self_calls: dict[str, set[str]] = field(default_factory=dict)  # method -> `self.m()`
    variables: list[VariableCreation] = field(default_factory=list)
    dynamic: bool = False  # `getattr(self, name)`, `self.__dict__`, `self.layers`...
    # Methods that call a base constructor: `super().__init__(...)`, `Base.__init__(self, ...)`.
    base_init_in: set[str] = field(default_factory=set)
    init_unknown: bool = False  # `__init__` hands `self` to code we cannot see

    def reads_anywhere(self) -> set[str]:
        return {attr for attrs in self.reads.values() for attr in attrs}


def read_members(facts: CoreFacts, cls: cst.ClassDef) -> Members:
    members = Members()
    for statement in cls.body.body:
        if isinstance(statement, cst.FunctionDef):
            members.methods[statement.name.value] = statement
    for name, method in members.methods.items():
        _MethodReader(facts, members, name, method).read()
    return members


def self_name(method: cst.FunctionDef) -> Optional[str]:
    if any(isinstance(d.decorator, cst.Name)
           and d.decorator.value in ("staticmethod", "classmethod") for d in method.decorators):
        return None
    params = list(method.params.posonly_params) + list(method.params.params)
    return params[0].name.value if params else None


class _MethodReader:
    def __init__(self, facts: CoreFacts, members: Members, name: str,
                 method: cst.FunctionDef) -> None:
        self.facts = facts
        self.members = members
        self.name = name
        self.method = method
        self.self_name = self_name(method)
        self.stores: set[int] = set()
        self.reads = members.reads.setdefault(name, set())
        self.calls = members.self_calls.setdefault(name, set())
        self.stored_calls: dict[int, str] = {}  # id(call) -> attribute it is stored in
        self.decorated = any(_decorator_name(facts, d.decorator) != "tensorflow.function"
                             for d in method.decorators)

    def read(self) -> None:
        if self.self_name is None:
            return
        self._walk(self.method.body, conditional=False, guarded=False)
        variables = self.members.variables
        for i, created in enumerate(variables):
            if created.method == self.name and created.attribute is None:
                attribute = self._stored_through_name(created.call)
                if attribute is not None:
                    variables[i] = replace(created, attribute=attribute)

    # -- the walk ---------------------------------------------------------------------------
    def _walk(self, node: cst.CSTNode, conditional: bool, guarded: bool) -> None:
        if isinstance(node, cst.ClassDef):
            return
        if isinstance(node, (cst.Assign, cst.AnnAssign, cst.AugAssign)):
            self._assignment(node, conditional)
        elif isinstance(node, cst.Call):
            self._call(node, guarded)
        elif isinstance(node, cst.Attribute) and self._is_self(node.value) \
                and id(node) not in self.stores:
            self.reads.add(node.attr.value)
            if node.attr.value in _DYNAMIC_SELF:
                self.members.dynamic = True
        if isinstance(node, cst.If):
            self._walk(node.test, conditional, guarded)
            self._walk(node.body, True, True)
            if node.orelse is not None:
                self._walk(node.orelse, True, True)
            return
        inner = conditional or isinstance(node, (cst.For, cst.While, cst.Try, cst.With))
        for child in children(node):
            self._walk(child, inner, guarded or isinstance(node, cst.IfExp))

    def _is_self(self, expr: Optional[cst.BaseExpression]) -> bool:
        return isinstance(expr, cst.Name) and expr.value == self.self_name

    # -- assignments ------------------------------------------------------------------------
    def _assignment(self, node: cst.CSTNode, conditional: bool) -> None:
        targets = ([t.target for t in node.targets] if isinstance(node, cst.Assign)
                   else [node.target])  # type: ignore[attr-defined]
        value = getattr(node, "value", None)
        for target in targets:
            plain = isinstance(target, cst.Attribute) and not isinstance(node, cst.AugAssign)
            for attr_node in _self_targets(target, self.self_name):
                self.stores.add(id(attr_node))
                attr = attr_node.attr.value
                self.members.assignments.setdefault(attr, []).append(Assignment(
                    attr, self.name, value if plain else None, node, conditional))
                if isinstance(node, cst.AugAssign):
                    self.reads.add(attr)
                for part in _stored_parts(value if plain else None):
                    self.stored_calls[id(part)] = attr

    # -- calls ------------------------------------------------------------------------------
    def _call(self, call: cst.Call, guarded: bool) -> None:
        func = call.func
        if isinstance(func, cst.Attribute) and self._is_self(func.value):
            method = func.attr.value
            self.calls.add(method)
            if method in _WEIGHT_METHODS:
                self._variable(call, ADD_WEIGHT, guarded)
        elif isinstance(func, cst.Attribute) and func.attr.value == "append" \
                and isinstance(func.value, cst.Attribute) and self._is_self(func.value.value):
            for arg in call.args:
                for part in _stored_parts(arg.value):
                    self.stored_calls[id(part)] = func.value.attr.value
        elif isinstance(func, cst.Name) and func.value in ("getattr", "setattr", "hasattr") \
                and call.args and self._is_self(call.args[0].value):
            self._dynamic_access(call)
        elif isinstance(func, cst.Name) and func.value == "vars" and call.args \
                and self._is_self(call.args[0].value):
            self.members.dynamic = True
        self._init_call(call)
        kind = _VARIABLE_CONSTRUCTORS.get(self.facts.call_name(call) or "")
        if kind is not None:
            self._variable(call, kind, guarded)

    def _dynamic_access(self, call: cst.Call) -> None:
        name = self.facts.values.string(call.args[1].value) if len(call.args) > 1 else None
        if name is None:
            self.members.dynamic = True
        elif call.func.value == "setattr":  # type: ignore[attr-defined]
            self.members.assignments.setdefault(name, []).append(Assignment(
                name, self.name, call.args[2].value if len(call.args) > 2 else None, call, True))
            if len(call.args) > 2:
                for part in _stored_parts(call.args[2].value):
                    self.stored_calls[id(part)] = name
        else:
            self.reads.add(name)

    def _variable(self, call: cst.Call, kind: str, guarded: bool) -> None:
        attribute = self.stored_calls.get(id(call))
        self.members.variables.append(VariableCreation(call, kind, self.name, guarded, attribute,
                                                       self.decorated))

    def _stored_through_name(self, call: cst.Call) -> Optional[str]:
        """`w = tf.Variable(...)` then `self.w = w`: the attribute the local name is stored in."""
        for attr, assignments in self.members.assignments.items():
            for assignment in assignments:
                if assignment.method == self.name and isinstance(assignment.value, cst.Name) \
                        and self.facts.values.resolve(assignment.value) is call:
                    return attr
        return None

    def _init_call(self, call: cst.Call) -> None:
        func = call.func
        if isinstance(func, cst.Attribute) and func.attr.value == "__init__":
            receiver = func.value
            if isinstance(receiver, cst.Call) and isinstance(receiver.func, cst.Name) \
                    and receiver.func.value == "super":
                self.members.base_init_in.add(self.name)
                return
            if call.args and self._is_self(call.args[0].value):
                self.members.base_init_in.add(self.name)
                return
        if self.name != "__init__":
            return
        if isinstance(func, cst.Name) and func.value in _HARMLESS_SELF_CALLS:
            return
        if isinstance(func, cst.Attribute) and self._is_self(func.value):
            return  # `self.m(...)`: followed through the class's own methods
        if any(self._is_self(arg.value) for arg in call.args):
            self.members.init_unknown = True


def _decorator_name(facts: CoreFacts, decorator: cst.BaseExpression) -> Optional[str]:
    if isinstance(decorator, cst.Call):
        decorator = decorator.func
    return facts.qualified_name(decorator)


def _self_targets(target: cst.BaseExpression, name: Optional[str]) -> Iterator[cst.Attribute]:
    if isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name) \
            and target.value.value == name:
        yield target
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            yield from _self_targets(element.value, name)


def _stored_parts(value: Optional[cst.BaseExpression], depth: int = 0) -> Iterator[cst.CSTNode]:
    """The value and the elements stored with it: list/tuple/set/dict items, comprehension
    elements, conditional branches."""
    if value is None or depth > 6:
        return
    yield value
    if isinstance(value, (cst.List, cst.Tuple, cst.Set)):
        for element in value.elements:
            yield from _stored_parts(element.value, depth + 1)
    elif isinstance(value, cst.Dict):
        for element in value.elements:
            if isinstance(element, cst.DictElement):
                yield from _stored_parts(element.value, depth + 1)
    elif isinstance(value, (cst.ListComp, cst.SetComp, cst.GeneratorExp)):
        yield from _stored_parts(value.elt, depth + 1)
    elif isinstance(value, cst.DictComp):
        yield from _stored_parts(value.value, depth + 1)
    elif isinstance(value, cst.IfExp):
        yield from _stored_parts(value.body, depth + 1)
        yield from _stored_parts(value.orelse, depth + 1)
    elif isinstance(value, cst.Call) and isinstance(value.func, cst.Name) \
            and value.func.value in ("list", "tuple", "dict"):
        for arg in value.args:
            yield from _stored_parts(arg.value, depth + 1)
