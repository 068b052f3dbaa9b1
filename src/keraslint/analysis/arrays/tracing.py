"""Tracing an array expression to where its value is made: through names, tuple unpacking,
constant indexing, local functions with one `return`, and row-selecting splits
(`train_test_split`, `sklearn.utils.shuffle`).
"""

from __future__ import annotations

import math
from typing import Optional

import libcst as cst

from keraslint.analysis.arrays.dtypes import is_int
from keraslint.analysis.arrays.info import MAX_DEPTH
from keraslint.analysis.calls import argument, has_unpacking
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.scopes import ASSIGN, PARAM
from keraslint.analysis.walk import descendants


class ArrayTracer:
    def __init__(self, facts: CoreFacts) -> None:
        self.facts = facts
        self.values = facts.values

    def trace(self, expr: Optional[cst.BaseExpression],
              through: Optional[list[tuple[cst.Call, cst.FunctionDef]]] = None
              ) -> Optional[tuple[cst.BaseExpression, tuple[int, ...]]]:
        """Follow names, tuple unpacking and constant indexing to `(expression, index path)`.

        `(x_tr, y_tr), _ = mnist.load_data()` traces `y_tr` to `(mnist.load_data(), (0, 1))`;
        a non-empty path means "element `path` of the value of `expression`". Each local
        function call stepped into (`normalize(images)` -> its one `return`) is appended to
        `through`, so that the caller can read the function's parameters as the call's
        arguments.
        """
        path: tuple[int, ...] = ()
        for _ in range(MAX_DEPTH):
            if expr is None:
                return None
            if isinstance(expr, cst.Name):
                binding = self.values.binding_of(expr)
                if binding is not None and binding.kind == ASSIGN and binding.path:
                    expr, path = binding.node, binding.path + path  # type: ignore[assignment]
                    continue
                value = self.values.resolve(expr)
                if value is None and binding is not None and binding.kind == PARAM:
                    return expr, path  # a parameter: the caller may know its argument
                if value is None or value is expr:
                    return None if value is None else (expr, path)
                expr = value
                continue
            if path and isinstance(expr, (cst.Tuple, cst.List)):
                if path[0] >= len(expr.elements) or isinstance(expr.elements[path[0]], cst.StarredElement):
                    return None
                expr, path = expr.elements[path[0]].value, path[1:]
                continue
            index = _constant_index(expr, self.values)
            if index is not None:
                expr, path = expr.value, (index,) + path  # type: ignore[attr-defined]
                continue
            returned = self._single_return(expr)
            if returned is not None:
                if through is not None:
                    function = self.facts.definition(expr.func)  # type: ignore[attr-defined]
                    through.append((expr, function))  # type: ignore[arg-type]
                expr = returned
                continue
            return expr, path
        return None

    def _single_return(self, expr: cst.BaseExpression) -> Optional[cst.BaseExpression]:
        """`load()` for a local `def load(): ...; return np.load(p)` with one return, no yield.

        The returned expression is resolved in the function's own scope; a parameter stands
        for the argument this call passes only where the caller says so (`trace`'s `through`).
        """
        if not isinstance(expr, cst.Call) or not isinstance(expr.func, cst.Name):
            return None
        function = self.facts.definition(expr.func)
        if not isinstance(function, cst.FunctionDef):
            return None
        returned = self.facts.returned_values(function)
        if len(returned) != 1 or returned[0] is None or is_generator_function(function):
            return None
        return returned[0]

    def split_source(self, expr: cst.BaseExpression, path: tuple[int, ...]) -> Optional[cst.BaseExpression]:
        """The input array that element `path` of a split/shuffle call comes from.

        `x_tr, x_te, y_tr, y_te = train_test_split(x, y)`: element 2 comes from `y`;
        `x, y = sklearn.utils.shuffle(x, y)`: element 1 from `y`. Rows are selected, columns kept.
        """
        if not isinstance(expr, cst.Call) or len(path) != 1 or has_unpacking(expr):
            return None
        name = self.facts.call_name(expr)
        arrays = [a.value for a in expr.args if a.keyword is None]
        if name == "sklearn.model_selection.train_test_split":
            index = path[0] // 2
        elif name in ("sklearn.utils.shuffle", "sklearn.utils.resample"):
            index = path[0]
        else:
            return None
        return arrays[index] if index < len(arrays) else None

    def split_rows(self, call: cst.Call, rows: int, element: int) -> Optional[int]:
        """Rows of element `element` of `train_test_split(..., test_size=...)` (sklearn's rounding)."""
        name = self.facts.call_name(call)
        if name != "sklearn.model_selection.train_test_split":
            return rows if name == "sklearn.utils.shuffle" and argument(call, "n_samples") is None else None
        if argument(call, "train_size") is not None:
            return None
        given = argument(call, "test_size")
        test = 0.25 if given is None else self.values.literal(given.value)
        if is_int(test) and 0 <= test <= rows:
            n_test = test
        elif isinstance(test, float) and 0.0 < test < 1.0:
            n_test = math.ceil(test * rows)
        else:
            return None
        return n_test if element % 2 else rows - n_test

    def dataset_name(self, call: cst.Call) -> Optional[str]:
        """`mnist` for `keras.datasets.mnist.load_data()`."""
        name = self.facts.call_name(call)
        if name is None:
            return None
        parts = name.split(".")
        if len(parts) == 4 and parts[:2] == ["keras", "datasets"] and parts[3] == "load_data":
            return parts[2]
        return None


def _constant_index(expr: cst.BaseExpression, values) -> Optional[int]:
    """`i` in `expr[i]` when it is a non-negative integer constant."""
    if not isinstance(expr, cst.Subscript) or len(expr.slice) != 1:
        return None
    index = expr.slice[0].slice
    if not isinstance(index, cst.Index):
        return None
    value = values.literal(index.value)
    return value if is_int(value) and value >= 0 else None


def is_generator_function(function: cst.FunctionDef) -> bool:
    return any(isinstance(node, cst.Yield) for node in descendants(function.body))

