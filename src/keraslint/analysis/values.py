"""Value tracking: which binding reaches a name, what expression it stands for, literal values.

The contract that keeps rules precise: every function here answers `None` (or `UNKNOWN`) when
the code does not determine the answer — a name rebound in a branch, a parameter whose callers
pass something else, a value computed at run time. Rules treat that as "stay quiet".
"""

from __future__ import annotations

import operator
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any, Callable, Optional

import libcst as cst

from keraslint.analysis.scopes import (
    ASSIGN, CLASS, FUNCTION, IMPORT, PARAM, Binding, ModuleIndex, Scope, Use,
)


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        return False


UNKNOWN: Any = _Unknown()
_MAX_DEPTH = 12
_MAX_ALTERNATIVES = 16  # bindings listed by `possible_bindings` before it answers "unknown"


class ValueResolver:
    def __init__(self, index: ModuleIndex) -> None:
        self.index = index
        self._callers: Optional[dict[str, list[cst.Call]]] = None
        self._reach: dict[int, _Reach] = {}
        self._param_values: dict[cst.Param, Optional[cst.BaseExpression]] = {}

    # -- bindings ------------------------------------------------------------------------------
    def binding_of(self, name: cst.Name) -> Optional[Binding]:
        """The single binding that reaches this use of `name`, or None if not certain."""
        use = self.index.uses.get(name)
        if use is None:
            return None
        scope: Optional[Scope] = use.scope
        first = True
        while scope is not None:
            if name.value in scope.declared_outside:
                scope = self.index.module_scope
                first = False
                continue
            candidates = scope.bindings.get(name.value)
            if candidates:
                if first:
                    return self._reaching(candidates, use)
                return _only(candidates)
            scope = _next_scope(scope)
            first = False
        return None

    def _reaching(self, candidates: list[Binding], use: Use) -> Optional[Binding]:
        """The binding that certainly reaches `use` in the same scope, or None.

        A name bound thousands of times in one scope (`x = f(x)` all down a module) is looked
        up by bisection in its bindings' order, not by a scan per use.
        """
        reach = self._reach_of(candidates)
        before = bisect_left(reach.orders, use.order)
        # The last binding before the use in the very same block runs before it every time
        # the use runs: it reaches the use, whatever the loop rebinds later.
        if before and candidates[before - 1].blocks == use.blocks and use.blocks:
            return candidates[before - 1]
        if reach.rebound_in_loop(use):
            return None
        if not before:
            # Only later bindings: in a function this is an error; at module level a function
            # body may run after them, so only a unique binding is certain.
            return None if use.scope.is_function else _only(candidates)
        last = candidates[before - 1]
        if _encloses(last.blocks, use.blocks) or before == 1:
            return last
        return None

    def _reach_of(self, candidates: list[Binding]) -> "_Reach":
        reach = self._reach.get(id(candidates))
        if reach is None:
            reach = self._reach[id(candidates)] = _Reach.of(candidates)
        return reach

    def possible_bindings(self, name: cst.Name) -> Optional[list[Binding]]:
        """Every binding that may reach this use of `name`, latest first: one when it is certain,
        several when the name is rebound in branches (`if shuffle: ds = ds.shuffle(n)` before
        `ds.batch(32)` gives the branch's binding and the one before the `if`). None when the
        candidates cannot be ordered (a rebinding later in a loop around the use, a name from
        an enclosing scope bound more than once, no binding at all) or are too many to list."""
        certain = self.binding_of(name)
        if certain is not None:
            return [certain]
        use = self.index.uses.get(name)
        if use is None:
            return None
        scope: Optional[Scope] = use.scope
        while scope is not None and name.value not in scope.bindings \
                and name.value not in scope.declared_outside:
            scope = _next_scope(scope)
        if scope is not use.scope:
            return None  # a name of an enclosing scope: only a unique binding is certain
        candidates = scope.bindings.get(name.value, [])
        reach = self._reach_of(candidates)
        if reach.rebound_in_loop(use):
            return None
        before = bisect_left(reach.orders, use.order)
        found: list[Binding] = []
        for binding in reversed(candidates[max(0, before - _MAX_ALTERNATIVES):before]):
            found.append(binding)
            if _encloses(binding.blocks, use.blocks):
                return found
        return found if found and before <= _MAX_ALTERNATIVES else None

    # -- expressions ---------------------------------------------------------------------------
    def resolve(self, expr: Optional[cst.BaseExpression], depth: int = 0) -> Optional[cst.BaseExpression]:
        """Follow names through certain assignments to the expression they stand for.

        Returns the expression itself when it is not a name we can follow (a call, a literal,
        an attribute), or None when a name's value is uncertain.
        """
        while isinstance(expr, cst.Name) and depth < _MAX_DEPTH:
            binding = self.binding_of(expr)
            if binding is None:
                return None if not _is_builtin(expr.value) else expr
            value = self.binding_value(binding)
            if value is None:
                return expr if binding.kind in (IMPORT, FUNCTION, CLASS) else None
            expr = value
            depth += 1
        return expr

    def binding_value(self, binding: Binding) -> Optional[cst.BaseExpression]:
        """The expression a binding gives its name, when it is certain."""
        if binding.kind == ASSIGN:
            if not binding.path:
                return binding.node  # type: ignore[return-value]
            return _index_into(binding.node, binding.path)  # type: ignore[arg-type]
        if binding.kind == PARAM:
            return self.param_value(binding.node)  # type: ignore[arg-type]
        return None

    def param_value(self, param: cst.Param) -> Optional[cst.BaseExpression]:
        """A parameter's default, if every call in this module leaves it at the default."""
        if param not in self._param_values:
            self._param_values[param] = self._param_default(param)
        return self._param_values[param]

    def _param_default(self, param: cst.Param) -> Optional[cst.BaseExpression]:
        if param.default is None:
            return None
        function = self.index.function_of_param.get(param)
        if function is None:
            return None
        for call in self.callers(function.name.value):
            if _may_pass(call, function, param):
                return None
        return param.default

    def callers(self, function_name: str) -> list[cst.Call]:
        if self._callers is None:
            self._callers = {}
            for call in self.index.calls:
                func = call.func
                name = func.value if isinstance(func, cst.Name) else (
                    func.attr.value if isinstance(func, cst.Attribute) else None)
                if name is not None:
                    self._callers.setdefault(name, []).append(call)
        return self._callers.get(function_name, [])

    def loop_values(self, name: cst.Name) -> Optional[list[Any]]:
        """Every value a `for` loop target takes, when the loop runs over a literal sequence
        (`for width in [256, 128]`, a name bound to one, `range(3)`); None otherwise."""
        binding = self.binding_of(name)
        loop = self.index.loop_targets.get(binding) if binding is not None else None
        if loop is None:
            return None
        iterated = self.resolve(loop.iter)
        if isinstance(iterated, cst.Call) and isinstance(iterated.func, cst.Name) \
                and iterated.func.value == "range" and self.binding_of(iterated.func) is None:
            bounds = [self.literal(a.value) for a in iterated.args]
            if not 1 <= len(bounds) <= 3 or any(a.keyword or a.star for a in iterated.args) \
                    or not all(isinstance(b, int) and not isinstance(b, bool) for b in bounds):
                return None
            found = list(range(*bounds))
            return found if len(found) <= 10_000 else None
        found = self.literal(iterated)
        return list(found) if isinstance(found, (list, tuple)) else None

    # -- literals ------------------------------------------------------------------------------
    def literal(self, expr: Optional[cst.BaseExpression], depth: int = 0) -> Any:
        """The Python value of a constant expression (after following names), or UNKNOWN."""
        if depth > _MAX_DEPTH:
            return UNKNOWN
        expr = self.resolve(expr)
        if expr is None:
            return UNKNOWN
        if isinstance(expr, cst.Integer):
            return expr.evaluated_value
        if isinstance(expr, cst.Float):
            return expr.evaluated_value
        if isinstance(expr, cst.Imaginary):
            return UNKNOWN
        if isinstance(expr, (cst.SimpleString, cst.ConcatenatedString)):
            value = expr.evaluated_value
            return UNKNOWN if value is None else value
        if isinstance(expr, cst.Name):
            return {"None": None, "True": True, "False": False}.get(expr.value, UNKNOWN)
        if isinstance(expr, cst.UnaryOperation):
            inner = self.literal(expr.expression, depth + 1)
            if isinstance(inner, (int, float)) and not isinstance(inner, bool):
                if isinstance(expr.operator, cst.Minus):
                    return -inner
                if isinstance(expr.operator, cst.Plus):
                    return inner
            return UNKNOWN
        if isinstance(expr, cst.BinaryOperation):
            return self._binary(expr, depth)
        if isinstance(expr, (cst.Tuple, cst.List)):
            items = []
            for element in expr.elements:
                if isinstance(element, cst.StarredElement):
                    return UNKNOWN
                value = self.literal(element.value, depth + 1)
                if value is UNKNOWN:
                    return UNKNOWN
                items.append(value)
            return tuple(items) if isinstance(expr, cst.Tuple) else items
        return UNKNOWN

    def _binary(self, expr: cst.BinaryOperation, depth: int) -> Any:
        op = _BINARY.get(type(expr.operator))
        if op is None:
            return UNKNOWN
        left = self.literal(expr.left, depth + 1)
        right = self.literal(expr.right, depth + 1)
        if not (_is_number(left) and _is_number(right)):
            return UNKNOWN
        if isinstance(expr.operator, cst.Power) and abs(right) > 64:
            return UNKNOWN
        try:
            return op(left, right)
        except (ArithmeticError, ValueError, TypeError):
            return UNKNOWN

    def number(self, expr: Optional[cst.BaseExpression]) -> Optional[float]:
        value = self.literal(expr)
        return float(value) if _is_number(value) else None

    def string(self, expr: Optional[cst.BaseExpression]) -> Optional[str]:
        value = self.literal(expr)
        return value if isinstance(value, str) else None


_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    cst.Add: operator.add, cst.Subtract: operator.sub, cst.Multiply: operator.mul,
    cst.Divide: operator.truediv, cst.FloorDivide: operator.floordiv, cst.Power: operator.pow,
    cst.Modulo: operator.mod,
}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_builtin(name: str) -> bool:
    return name in {"None", "True", "False"}


def _next_scope(scope: Scope) -> Optional[Scope]:
    """Python's lookup: class bodies are skipped by the functions nested in them."""
    parent = scope.parent
    while parent is not None and parent.is_class and parent.parent is not None:
        parent = parent.parent
    return parent


@dataclass(frozen=True)
class _Reach:
    """The bindings of one name in one scope, indexed: their orders (ascending, as bound) and,
    per enclosing block, the order of the last binding inside it."""

    orders: list[int]
    last_in_block: dict[int, int]

    @classmethod
    def of(cls, candidates: list[Binding]) -> "_Reach":
        last: dict[int, int] = {}
        for binding in candidates:
            for block in binding.blocks:
                last[block.id] = max(last.get(block.id, -1), binding.order)
        return cls([b.order for b in candidates], last)

    def rebound_in_loop(self, use: Use) -> bool:
        """A binding later in a loop that also contains the use reaches it on the next
        iteration."""
        return any(self.last_in_block.get(block.id, -1) > use.order
                   for block in use.blocks if block.is_loop)


def _encloses(outer: tuple, inner: tuple) -> bool:
    return inner[: len(outer)] == outer


def _only(candidates: list[Binding]) -> Optional[Binding]:
    return candidates[0] if len(candidates) == 1 else None


def _index_into(value: cst.BaseExpression, path: tuple[int, ...]) -> Optional[cst.BaseExpression]:
    for i in path:
        if not isinstance(value, (cst.Tuple, cst.List)) or i >= len(value.elements):
            return None
        element = value.elements[i]
        if isinstance(element, cst.StarredElement):
            return None
        value = element.value
    return value


def _may_pass(call: cst.Call, function: cst.FunctionDef, param: cst.Param) -> bool:
    """Could this call pass an argument for `param` (by keyword, position, * or **)?"""
    positional = list(function.params.posonly_params) + list(function.params.params)
    offset = 1 if function.params.params and positional and positional[0].name.value in ("self", "cls") else 0
    index = next((i for i, p in enumerate(positional) if p is param), None)
    n_positional = 0
    for arg in call.args:
        if arg.star:
            return True
        if arg.keyword is not None:
            if arg.keyword.value == param.name.value:
                return True
        else:
            n_positional += 1
    if index is not None and isinstance(call.func, cst.Attribute):
        index -= offset
    return index is not None and n_positional > index
