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
    if new is not None and size is None and -1 not in new:
        return inner.with_(shape=new)  # a reshape to literal dimensions states the size
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


def permuted(inner: Optional[ArrayInfo], order: Optional[tuple[int, ...]]) -> Optional[ArrayInfo]:
    """The array with its axes in `order` (same elements, same bytes); the shape unknown when
    the order is, the size and dtype kept either way."""
    if inner is None or inner.shape is None:
        return inner
    if order is None:
        return inner.with_(shape=None)
    return inner.with_(shape=tuple(inner.shape[i] for i in order))


def swapped_axes(inner: Optional[ArrayInfo], first: Any, second: Any) -> Optional[tuple[int, ...]]:
    ndim = _ndim(inner)
    if ndim is None or not (is_int(first) and is_int(second)) \
            or not (-ndim <= first < ndim and -ndim <= second < ndim):
        return None
    order = list(range(ndim))
    order[first % ndim], order[second % ndim] = order[second % ndim], order[first % ndim]
    return tuple(order)


def moved_axis(inner: Optional[ArrayInfo], source: Any,
               destination: Any) -> Optional[tuple[int, ...]]:
    ndim = _ndim(inner)
    if ndim is None or not (is_int(source) and is_int(destination)) \
            or not (-ndim <= source < ndim and -ndim <= destination < ndim):
        return None
    order = [i for i in range(ndim) if i != source % ndim]
    order.insert(destination % ndim, source % ndim)
    return tuple(order)


def axes_order(inner: Optional[ArrayInfo], axes: Any, given: bool) -> Optional[tuple[int, ...]]:
    ndim = _ndim(inner)
    if ndim is None:
        return None
    if not given:
        return tuple(range(ndim))[::-1]
    if isinstance(axes, (tuple, list)) and sorted(a % ndim for a in axes if is_int(a)) == \
            list(range(ndim)) and len(axes) == ndim:
        return tuple(a % ndim for a in axes)
    return None


def _ndim(inner: Optional[ArrayInfo]) -> Optional[int]:
    return None if inner is None or inner.shape is None else len(inner.shape)


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

