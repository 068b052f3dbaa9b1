"""Following a name to the model construction it stands for.

`model.fit(...)` names a model through variables, builder parameters and `self.model`
attributes; this module follows them, remembering the assignment that bound the model (its
`Origin`: layers `.add`ed to that variable after the use do not count), and reads the
`self.<name> = ...` assignments of a class once.
"""

from __future__ import annotations

from functools import cached_property
from typing import Iterator, NamedTuple, Optional

import libcst as cst

from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import Context, _param_value
from keraslint.analysis.scopes import ASSIGN, PARAM, Binding


class Origin(NamedTuple):
    """The assignment that bound a model and the order of the use that reached it (None: all)."""

    binding: Binding
    cutoff: Optional[int]


class Resolver:
    """Names, parameters and `self` attributes -> the expressions they certainly stand for."""

    def __init__(self, facts: CoreFacts) -> None:
        self.facts = facts
        self._attrs_cache: dict[cst.ClassDef, dict] = {}

    def self_attribute_value(self, expr: cst.Attribute,
                              site: cst.Call) -> Optional[cst.BaseExpression]:
        """`self.model` inside a method: the class's only assignment to it, else None."""
        function = self.facts.index.enclosing_function.get(site)
        cls = self.facts.index.enclosing_class.get(function) if function is not None else None
        if cls is None:
            return None
        if not isinstance(expr.value, cst.Name) or expr.value.value != first_param(function):
            return None
        return self.self_attributes(cls).get(expr.attr.value)

    def resolve_binding(self, expr, ctx: Context
                         ) -> tuple[Optional[cst.BaseExpression], Optional["Origin"]]:
        """Follow names to an expression, remembering the assignment that bound it and the
        position of the use (layers `.add`ed after the use do not count)."""
        origin = None
        for _ in range(12):
            if not isinstance(expr, cst.Name):
                return expr, origin
            found = self.facts.values.binding_of(expr)
            if found is None:
                return None, None
            if found.kind == PARAM:
                expr, origin = _param_value(self.facts, found.node, ctx), None  # type: ignore[arg-type]
            elif found.kind == ASSIGN and not found.path:
                origin = Origin(found, self.facts.index.uses[expr].order)
                expr = found.node  # type: ignore[assignment]
            else:
                return None, None
        return None, None

    @cached_property
    def binding_by_value(self) -> dict[cst.CSTNode, Binding]:
        table: dict[cst.CSTNode, Binding] = {}
        for scope in self.facts.index.scopes:
            for bindings in scope.bindings.values():
                for binding in bindings:
                    if binding.kind == ASSIGN and not binding.path and binding.node is not None:
                        table.setdefault(binding.node, binding)
        return table

    def self_attributes(self, cls: cst.ClassDef) -> dict:
        """`self.<name> = <expr>` assignments in the class's methods; None if assigned twice."""
        if cls not in self._attrs_cache:
            found: dict = {}
            for method in cls.body.body:
                if isinstance(method, cst.FunctionDef):
                    _collect_self_assignments(method.body, first_param(method), found)
            self._attrs_cache[cls] = found
        return self._attrs_cache[cls]


def _collect_self_assignments(body: cst.BaseSuite, self_name: Optional[str], found: dict) -> None:
    """Record `self.x = value` statements (walking statements only, not expressions: cheap)."""
    for statement in getattr(body, "body", ()):
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Assign):
                    for target in small.targets:
                        _record_self(target.target, small.value, self_name, found)
                elif isinstance(small, (cst.AnnAssign, cst.AugAssign)):
                    value = small.value if isinstance(small, cst.AnnAssign) else None
                    _record_self(small.target, value, self_name, found)
        elif isinstance(statement, cst.FunctionDef | cst.ClassDef):
            continue  # another scope: its `self` is not ours
        else:
            for suite in _suites(statement):
                _collect_self_assignments(suite, self_name, found)


def _suites(statement: cst.CSTNode) -> Iterator[cst.BaseSuite]:
    for name in ("body", "orelse", "finalbody"):
        part = getattr(statement, name, None)
        if isinstance(part, (cst.Else, cst.Finally)):
            part = part.body
        elif isinstance(part, cst.If):  # elif
            yield from _suites(part)
            continue
        if isinstance(part, cst.BaseSuite):
            yield part
    for handler in (*getattr(statement, "handlers", ()), *getattr(statement, "cases", ())):
        yield handler.body


def _record_self(target: cst.BaseExpression, value: Optional[cst.BaseExpression],
                 self_name: Optional[str], found: dict) -> None:
    if (isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name)
            and target.value.value == self_name):
        name = target.attr.value
        found[name] = None if name in found else value
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            _record_self(element.value, None, self_name, found)


def own_method(cls: cst.ClassDef, name: str) -> Optional[cst.FunctionDef]:
    found = [s for s in cls.body.body if isinstance(s, cst.FunctionDef) and s.name.value == name]
    return found[0] if len(found) == 1 else None


def first_param(function: cst.FunctionDef) -> Optional[str]:
    params = list(function.params.posonly_params) + list(function.params.params)
    return params[0].name.value if params else None
