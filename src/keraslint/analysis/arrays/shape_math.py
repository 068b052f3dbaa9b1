"""Shape arithmetic on known shapes: reshape, stacking, nested list literals, shape arguments.

Pure functions of shapes and literal values: they never look at the tree beyond a literal, so
everything uncertain (a -1 that does not divide, ragged lists) comes back as None.
"""

from __future__ import annotations

import math
from typing import Any, Optional

import libcst as cst

from keraslint.analysis.arrays.dtypes import is_int, scalar_dtype
from keraslint.analysis.arrays.info import ArrayInfo
from keraslint.analysis.values import ValueResolver


def shape_argument(values: ValueResolver, expr: Optional[cst.BaseExpression]) -> Optional[tuple[int, ...]]:
    """A shape argument: an int or a tuple/list of ints (names followed)."""
    if expr is None:
        return None
    value = values.literal(expr)
    if is_int(value):
        value = (value,)
    if isinstance(value, (tuple, list)) and all(is_int(v) and v >= 0 for v in value):
        return tuple(value)
    return None


def reshape_argument(values: ValueResolver, expr: Optional[cst.BaseExpression]) -> Optional[tuple[int, ...]]:
    """A reshape target: ints, one of which may be -1."""
    if expr is None:
        return None
    value = values.literal(expr)
    if is_int(value):
        value = (value,)
    if isinstance(value, (tuple, list)) and all(is_int(v) and v >= -1 for v in value):
        return tuple(value)
    return None


def reshaped(inner: Optional[ArrayInfo], new: Optional[tuple[int, ...]]) -> Optional[ArrayInfo]:
    if inner is None:
        return None
    size = inner.size
    if new is None or size is None:
        return inner.with_(shape=None)
    if new.count(-1) > 1:
        return None
    known = math.prod(d for d in new if d != -1)
    if -1 in new:
        if known == 0 or size % known:
            return None
        new = tuple(size // known if d == -1 else d for d in new)
    elif known != size:
        return None
    return inner.with_(shape=new)


def stack_shapes(shapes: list[tuple[int, ...]], axis: int, new_axis: bool) -> Optional[tuple[int, ...]]:
    first = shapes[0]
    if new_axis:
        if any(s != first for s in shapes):
            return None
        ndim = len(first) + 1
        if not -ndim <= axis < ndim:
            return None
        axis %= ndim
        return first[:axis] + (len(shapes),) + first[axis:]
    ndim = len(first)
    if ndim == 0 or not -ndim <= axis < ndim or any(len(s) != ndim for s in shapes):
        return None
    axis %= ndim
    if any(s[:axis] + s[axis + 1:] != first[:axis] + first[axis + 1:] for s in shapes):
        return None
    return first[:axis] + (sum(s[axis] for s in shapes),) + first[axis + 1:]


def literal_shape(value: Any) -> tuple[Optional[tuple[int, ...]], Optional[str]]:
    """Shape and default dtype of a nested list literal; (None, None) if ragged or non-numeric."""
    if isinstance(value, (list, tuple)):
        if not value:
            return (0,), "float64"
        inner = [literal_shape(v) for v in value]
        shapes = {s for s, _ in inner}
        if len(shapes) != 1 or None in shapes:
            return None, None
        dtypes = {d for _, d in inner}
        dtype = ("complex128" if "complex128" in dtypes else "float64" if "float64" in dtypes
                 else "int64" if "int64" in dtypes else "bool")
        return (len(value),) + shapes.pop(), dtype  # type: ignore[operator]
    dtype = scalar_dtype(value)
    return ((), dtype) if dtype is not None else (None, None)

