"""What one class's methods do with `self`: attributes they assign and read, methods they call
on `self`, variables they create, and the base `__init__` calls of its constructor.

Read once per class from the index's tables (attribute accesses, calls, name uses), grouped by
method once per file (`MethodEvents`): nested functions count as their method's (a closure's
`self` is the method's), nested classes do not (their `self` is another object). Nothing walks
the method bodies again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterator, Optional

import libcst as cst

from keraslint.analysis.core import CoreFacts

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


def read_members(facts: CoreFacts, cls: cst.ClassDef, events: "MethodEvents") -> Members:
    members = Members()
    for statement in cls.body.body:
        if isinstance(statement, cst.FunctionDef):
            members.methods[statement.name.value] = statement
    for name, method in members.methods.items():
        _MethodReader(facts, members, name, method, events).read()
    return members


class MethodEvents:
    """Per method of any class: the `<name>.<attr>` nodes read on a plain name and the calls
    inside it (nested functions and lambdas included, nested classes excluded), grouped once
    per file from the index's attribute and call tables: no walk of the method bodies."""

    def __init__(self, facts: CoreFacts) -> None:
        self.facts = facts
        self.attributes: dict[int, list[cst.Attribute]] = {}
        self.calls: dict[int, list[cst.Call]] = {}
        index = facts.index
        for nodes in index.attributes.values():
            for node in nodes:
                value = node.value
                if type(value) is cst.Name:
                    use = index.uses.get(value)
                    method = _method_of(use.scope) if use is not None else None
                    if method is not None:
                        self.attributes.setdefault(id(method), []).append(node)
        for call in index.calls:
            function = index.enclosing_function.get(call)
            if function is None:
                continue
            method = _method_of(index.scope_of_node.get(function))
            if method is not None:
                self.calls.setdefault(id(method), []).append(call)

    def blocks(self, expr: cst.BaseExpression) -> tuple:
        """The blocks (branches, loops) around the statement reading `expr`'s leftmost name."""
        while isinstance(expr, (cst.Attribute, cst.Subscript, cst.Call)):
            expr = expr.func if isinstance(expr, cst.Call) else expr.value
        use = self.facts.index.uses.get(expr) if isinstance(expr, cst.Name) else None
        return use.blocks if use is not None else ()


def _method_of(scope) -> Optional[cst.FunctionDef]:
    """The method (a def directly in a class body) a scope is, or is nested in."""
    while scope is not None and scope.parent is not None:
        if scope.parent.is_class and isinstance(scope.node, cst.FunctionDef):
            return scope.node
        if scope.is_class:
            return None
        scope = scope.parent
    return None


def self_name(method: cst.FunctionDef) -> Optional[str]:
    if any(isinstance(d.decorator, cst.Name)
           and d.decorator.value in ("staticmethod", "classmethod") for d in method.decorators):
        return None
    params = list(method.params.posonly_params) + list(method.params.params)
    return params[0].name.value if params else None


class _MethodReader:
    def __init__(self, facts: CoreFacts, members: Members, name: str,
                 method: cst.FunctionDef, events: MethodEvents) -> None:
        self.facts = facts
        self.events = events
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
        key = id(self.method)
        attributes = [a for a in self.events.attributes.get(key, ())
                      if a.value.value == self.self_name]  # type: ignore[attr-defined]
        stores = self.facts.index.attribute_stores
        for node in attributes:
            statement = stores.get(id(node))
            if statement is not None:
                self._assignment(node, statement)
        for node in attributes:
            if id(node) not in self.stores:
                attr = node.attr.value
                self.reads.add(attr)
                if attr in _DYNAMIC_SELF:
                    self.members.dynamic = True
        for call in self.events.calls.get(key, ()):
            self._call(call, _guarded(self.events.blocks(call.func)))
        variables = self.members.variables
        for i, created in enumerate(variables):
            if created.method == self.name and created.attribute is None:
                attribute = self._stored_through_name(created.call)
                if attribute is not None:
                    variables[i] = replace(created, attribute=attribute)

    def _is_self(self, expr: Optional[cst.BaseExpression]) -> bool:
        return isinstance(expr, cst.Name) and expr.value == self.self_name

    # -- assignments ------------------------------------------------------------------------
    def _assignment(self, target: cst.Attribute, statement: cst.CSTNode) -> None:
        """`self.<attr> = <value>` (a plain value only when the attribute is the whole target)."""
        self.stores.add(id(target))
        attr = target.attr.value
        plain = isinstance(statement, cst.AnnAssign) and statement.target is target or \
            isinstance(statement, cst.Assign) and any(t.target is target for t in statement.targets)
        value = statement.value if plain else None  # type: ignore[attr-defined]
        conditional = bool(self.events.blocks(target))
        self.members.assignments.setdefault(attr, []).append(Assignment(
            attr, self.name, value, statement, conditional))
        for part in _stored_parts(value):
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


def _guarded(blocks: tuple) -> bool:
    """Inside an `if` (or another branch, not only a loop) of its function."""
    return any(not block.is_loop for block in blocks)


def _decorator_name(facts: CoreFacts, decorator: cst.BaseExpression) -> Optional[str]:
    if isinstance(decorator, cst.Call):
        decorator = decorator.func
    return facts.qualified_name(decorator)


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
