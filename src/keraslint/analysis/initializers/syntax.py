"""Small, exact readers of syntax shared by the initializer modules: parameters, a class's own
methods and `self.x = ...` assignments, one-statement lines and literal indexes.
"""

from __future__ import annotations

from typing import Iterator, Optional

import libcst as cst

from keraslint.analysis.walk import descendants

# How far names, nested calls and layer chains are followed.
MAX_DEPTH = 8



def parameters_of(function: cst.FunctionDef) -> list[cst.Param]:
    p = function.params
    return list(p.posonly_params) + list(p.params) + list(p.kwonly_params)


def is_self_attribute(expr: Optional[cst.BaseExpression]) -> bool:
    return (isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name)
            and expr.value.value == "self")


def self_assignments(cls: cst.ClassDef) -> dict[str, list[tuple[cst.FunctionDef, cst.BaseExpression]]]:
    """`self.x = value` statements in the class's methods, by attribute name."""
    found: dict[str, list] = {}
    for statement in cls.body.body:
        if isinstance(statement, cst.FunctionDef):
            for node in descendants(statement.body):
                for attr, value in _self_targets(node):
                    found.setdefault(attr, []).append((statement, value))
    return found


def _self_targets(node: cst.CSTNode) -> Iterator[tuple[str, Optional[cst.BaseExpression]]]:
    if isinstance(node, cst.Assign):
        for target in node.targets:
            yield from _self_target(target.target, node.value)
    elif isinstance(node, cst.AnnAssign):
        yield from _self_target(node.target, node.value)
    elif isinstance(node, cst.AugAssign):
        yield from _self_target(node.target, None)


def _self_target(target: cst.BaseExpression, value: Optional[cst.BaseExpression]):
    if is_self_attribute(target):
        yield target.attr.value, value  # type: ignore[attr-defined]
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            yield from _self_target(element.value, None)


def simple_assignment(statement: cst.CSTNode) -> Optional[tuple[str, cst.BaseExpression]]:
    """(name, value) for a statement line that is only `name = value`."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    assign = statement.body[0]
    if not isinstance(assign, cst.Assign) or len(assign.targets) != 1:
        return None
    target = assign.targets[0].target
    return (target.value, assign.value) if isinstance(target, cst.Name) else None


def statement_value(statement: cst.CSTNode) -> Optional[cst.BaseExpression]:
    """The expression a one-statement line evaluates: `y = <value>`, `return <value>`, `<value>`."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    small = statement.body[0]
    if isinstance(small, (cst.Assign, cst.AnnAssign, cst.Return, cst.Expr)):
        return small.value
    return None


def eager_parts(expr: Optional[cst.BaseExpression], depth: int = 0) -> Iterator[cst.BaseExpression]:
    """`expr` and the call arguments and list/tuple items inside it: the parts certainly
    evaluated with it (not lambda bodies, conditional branches or `and`/`or` operands)."""
    if expr is None or depth > MAX_DEPTH:
        return
    yield expr
    if isinstance(expr, cst.Call):
        items = [a.value for a in expr.args if not a.star]
    elif isinstance(expr, (cst.Tuple, cst.List)):
        items = [e.value for e in expr.elements if not isinstance(e, cst.StarredElement)]
    else:
        return
    for item in items:
        yield from eager_parts(item, depth + 1)


def assign_targets(node: cst.CSTNode) -> list[cst.BaseExpression]:
    if isinstance(node, cst.Assign):
        return [t.target for t in node.targets]
    if isinstance(node, (cst.AnnAssign, cst.AugAssign)):
        return [node.target]
    return []


def literal_index(expr: cst.BaseExpression) -> Optional[int]:
    """`k` for `value[k]` with a literal integer `k` (possibly negative)."""
    if not isinstance(expr, cst.Subscript) or len(expr.slice) != 1:
        return None
    index = expr.slice[0].slice
    if not isinstance(index, cst.Index) or index.star is not None:
        return None
    value = index.value
    sign = 1
    if isinstance(value, cst.UnaryOperation) and isinstance(value.operator, cst.Minus):
        value, sign = value.expression, -1
    return sign * int(value.evaluated_value) if isinstance(value, cst.Integer) else None


class ClassBodies:
    """What a class body holds, read once per class however often it is asked: its
    `self.x = ...` assignments, the attribute a value is assigned to, and its methods by name."""

    def __init__(self) -> None:
        self._assignments: dict[cst.ClassDef, dict[str, list]] = {}
        self._attribute_of: dict[cst.ClassDef, dict[int, str]] = {}
        self._methods: dict[cst.ClassDef, dict[str, list[cst.FunctionDef]]] = {}

    def self_assignments(self, cls: cst.ClassDef
                         ) -> dict[str, list[tuple[cst.FunctionDef, cst.BaseExpression]]]:
        """`self.x = value` statements in the class's methods, by attribute name."""
        if cls not in self._assignments:
            self._assignments[cls] = self_assignments(cls)
        return self._assignments[cls]

    def assigned_attribute(self, cls: cst.ClassDef, value: cst.CSTNode) -> Optional[str]:
        """The attribute `self.<attr> = value` assigns this very value to (the first one)."""
        if cls not in self._attribute_of:
            table: dict[int, str] = {}
            for attr, assignments in self.self_assignments(cls).items():
                for _, assigned in assignments:
                    table.setdefault(id(assigned), attr)
            self._attribute_of[cls] = table
        return self._attribute_of[cls].get(id(value))

    def method(self, cls: cst.ClassDef, name: str) -> Optional[cst.FunctionDef]:
        """The class's own `def name`, None when absent or defined twice."""
        if cls not in self._methods:
            table: dict[str, list[cst.FunctionDef]] = {}
            for statement in cls.body.body:
                if isinstance(statement, cst.FunctionDef):
                    table.setdefault(statement.name.value, []).append(statement)
            self._methods[cls] = table
        found = self._methods[cls].get(name, [])
        return found[0] if len(found) == 1 else None
