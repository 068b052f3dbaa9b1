"""Dimensions as code writes them, and the arithmetic of shapes.

A shape is a tuple whose first entry is the batch dimension; an entry is an `int`, or None when
the code does not fix it (the batch size, a dimension read from a file or a parameter). A whole
shape is None when even its rank is unknown. Nothing here guesses: `None` propagates, and the
rules stay quiet on it.

`Evaluator.value(expr, ctx)` reads a layer argument or a declared shape: literals, names (and a
builder's parameters through `ctx`), simple arithmetic (`IMG // 2`, `2 * n`), tuples and lists,
`len(<literal list>)` and `x.shape[1:]` / `x.shape[i]` of an array whose shape the arrays domain
knows.
"""

from __future__ import annotations

import math
import operator
from typing import Any, Callable, Optional

import libcst as cst

from keraslint.analysis.arrays import ArrayFacts
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import Context, resolve
from keraslint.analysis.values import UNKNOWN

Dim = Optional[int]
Shape = Optional[tuple[Dim, ...]]

_MAX_DEPTH = 12
_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    cst.Add: operator.add, cst.Subtract: operator.sub, cst.Multiply: operator.mul,
    cst.FloorDivide: operator.floordiv, cst.Divide: operator.truediv, cst.Modulo: operator.mod,
    cst.Power: operator.pow,
}


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class Evaluator:
    """Values of layer arguments and declared shapes (see the module docstring)."""

    def __init__(self, facts: CoreFacts, arrays: ArrayFacts) -> None:
        self.facts = facts
        self.arrays = arrays

    def value(self, expr: Optional[cst.BaseExpression], ctx: Optional[Context] = None,
              depth: int = 0) -> Any:
        """The Python value of `expr` (ints, floats, strings, None, tuples), or UNKNOWN."""
        if expr is None or depth > _MAX_DEPTH:
            return UNKNOWN
        resolved = resolve(self.facts, expr, ctx)
        if resolved is None:
            return UNKNOWN
        if isinstance(resolved, (cst.Tuple, cst.List)):
            items = []
            for element in resolved.elements:
                if isinstance(element, cst.StarredElement):
                    inner = self.value(element.value, ctx, depth + 1)
                    if not isinstance(inner, (tuple, list)):
                        return UNKNOWN
                    items.extend(inner)
                    continue
                items.append(self.value(element.value, ctx, depth + 1))
            return tuple(items)
        if isinstance(resolved, cst.BinaryOperation):
            return self._binary(resolved, ctx, depth)
        if isinstance(resolved, cst.UnaryOperation) and isinstance(resolved.operator, cst.Minus):
            inner = self.value(resolved.expression, ctx, depth + 1)
            return -inner if _is_number(inner) else UNKNOWN
        if isinstance(resolved, cst.Call):
            return self._call(resolved, ctx, depth)
        if isinstance(resolved, cst.Subscript):
            return self._subscript(resolved, ctx, depth)
        if isinstance(resolved, cst.Attribute) and resolved.attr.value == "shape":
            shape = self.array_shape(resolved.value)
            return tuple(shape) if shape is not None else UNKNOWN
        return self.facts.values.literal(resolved)

    def _binary(self, node: cst.BinaryOperation, ctx: Optional[Context], depth: int) -> Any:
        op = _BINARY.get(type(node.operator))
        left = self.value(node.left, ctx, depth + 1)
        right = self.value(node.right, ctx, depth + 1)
        if isinstance(node.operator, cst.Add) and isinstance(left, tuple) \
                and isinstance(right, tuple):
            return left + right  # `IMG_SIZE + (3,)`
        if op is None or not (_is_number(left) and _is_number(right)):
            return UNKNOWN
        if isinstance(node.operator, cst.Power) and abs(right) > 64:
            return UNKNOWN
        try:
            return op(left, right)
        except (ArithmeticError, ValueError, TypeError):
            return UNKNOWN

    def _call(self, call: cst.Call, ctx: Optional[Context], depth: int) -> Any:
        func = call.func
        if isinstance(func, cst.Name) and func.value in ("len", "int", "tuple", "list") \
                and self.facts.values.binding_of(func) is None and len(call.args) == 1 \
                and not call.args[0].star and call.args[0].keyword is None:
            inner = self.value(call.args[0].value, ctx, depth + 1)
            if func.value == "len":
                return len(inner) if isinstance(inner, (tuple, list, str)) else UNKNOWN
            if func.value == "int":
                return int(inner) if _is_number(inner) else UNKNOWN
            return tuple(inner) if isinstance(inner, (tuple, list)) else UNKNOWN
        return UNKNOWN

    def _subscript(self, node: cst.Subscript, ctx: Optional[Context], depth: int) -> Any:
        """`x.shape[1:]`, `x.shape[-1]`, `SIZES[0]`: an index or slice of a known sequence."""
        if len(node.slice) != 1:
            return UNKNOWN
        base = self.value(node.value, ctx, depth + 1)
        if not isinstance(base, (tuple, list)):
            return UNKNOWN
        index = node.slice[0].slice
        if isinstance(index, cst.Index):
            i = self.value(index.value, ctx, depth + 1)
            if is_int(i) and -len(base) <= i < len(base):
                return base[i]
            return UNKNOWN
        if isinstance(index, cst.Slice) and index.step is None:
            lower = 0 if index.lower is None else self.value(index.lower, ctx, depth + 1)
            upper = len(base) if index.upper is None else self.value(index.upper, ctx, depth + 1)
            if is_int(lower) and is_int(upper):
                return tuple(base[lower:upper])
        return UNKNOWN

    def array_shape(self, expr: Optional[cst.BaseExpression]) -> Optional[tuple[int, ...]]:
        info = self.arrays.info(expr)
        return None if info is None else info.shape

    # -- shapes as layer arguments state them --------------------------------------------------
    def dims(self, expr: Optional[cst.BaseExpression], ctx: Optional[Context] = None
             ) -> Shape:
        """A shape argument (`(28, 28, 1)`, `784`, `(None, 10)`) as dims, or None."""
        value = self.value(expr, ctx)
        if is_int(value):
            value = (value,)
        if not isinstance(value, tuple):
            return None
        if not all(v is None or v is UNKNOWN or (is_int(v) and v >= 0) for v in value):
            return None
        return tuple(None if v is UNKNOWN else v for v in value)

    def int_value(self, expr: Optional[cst.BaseExpression], ctx: Optional[Context] = None
                  ) -> Optional[int]:
        value = self.value(expr, ctx)
        return value if is_int(value) else None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# -- arithmetic of shapes ----------------------------------------------------------------------
def conv_length(length: Dim, kernel: int, stride: int, padding: str, dilation: int = 1) -> Dim:
    """A convolution's (or pooling's) output length along one axis, as Keras computes it;
    may be <= 0 when the window does not fit (Keras then refuses to build the layer)."""
    if length is None:
        return None
    if padding in ("same", "causal"):
        return -(-length // stride)
    effective = dilation * (kernel - 1) + 1
    return (length - effective) // stride + 1


def transpose_length(length: Dim, kernel: int, stride: int, padding: str,
                     output_padding: Optional[int] = None, dilation: int = 1) -> Dim:
    """A transposed convolution's output length (Keras' `compute_conv_transpose_output_shape`)."""
    if length is None:
        return None
    kernel = kernel + (kernel - 1) * (dilation - 1)
    if output_padding is None:
        if padding == "valid":
            return length * stride + max(kernel - stride, 0)
        return length * stride
    pad = kernel // 2 if padding == "same" else 0
    return (length - 1) * stride + kernel - 2 * pad + output_padding


def product(dims: tuple[Dim, ...]) -> Dim:
    if any(d is None for d in dims):
        return None
    return math.prod(dims)  # type: ignore[arg-type]


def merge_dims(a: Dim, b: Dim) -> Dim:
    """The dimension two tensors joined element-wise share (broadcasting a 1)."""
    if a is None:
        return b if b != 1 else None
    if b is None:
        return a if a != 1 else None
    if a == b or b == 1:
        return a
    return b if a == 1 else None


def describe_shape(shape: Shape) -> str:
    """`(None, 26, 26, 32)`: the batch dimension and unknown ones shown as None."""
    if shape is None:
        return "unknown"
    if len(shape) == 1:
        return f"({shape[0]},)"
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ")"
