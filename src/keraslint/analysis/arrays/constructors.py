"""Arrays built by NumPy constructors and random samplers: `np.zeros(shape)`, `np.arange(n)`,
`np.array([[...]])`, `np.concatenate([a, b])`, `np.random.rand(*dims)`, `rng.integers(...)`,
`np.load(path)` (size unknown, but read whole), `to_categorical(y, n)`.
"""

from __future__ import annotations

import math
import os
from typing import Optional

import libcst as cst

from keraslint.analysis.arrays.dtypes import dtype_of, is_int, is_number, scalar_dtype
from keraslint.analysis.arrays.info import ArrayInference, ArrayInfo, short_source
from keraslint.analysis.arrays.npy_files import npy_header
from keraslint.analysis.arrays.shape_math import (
    axes_order,
    literal_shape,
    moved_axis,
    permuted,
    reshape_argument,
    reshaped,
    shape_argument,
    stack_shapes,
    swapped_axes,
)
from keraslint.analysis.calls import argument, argument_value, has_unpacking
from keraslint.analysis.containers import list_items
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.values import UNKNOWN


class NumpyConstructors:
    """Each builder takes the call and the depth of the inference asking for it."""

    def __init__(self, facts: CoreFacts, shapes: ArrayInference) -> None:
        self.facts = facts
        self.values = facts.values
        self.shapes = shapes

    def random_info(self, function: str, call: cst.Call, legacy: bool, depth: int = 0) -> Optional[ArrayInfo]:
        """`np.random.rand(*dims)`, `np.random.normal(loc, scale, size)`, `rng.integers(...)`."""
        if function in ("rand", "randn") and legacy:
            dims = [self.values.literal(a.value) for a in _star_expanded(call, self.values)]
            if any(not is_int(d) or d < 0 for d in dims):
                return None
            return ArrayInfo(tuple(dims), "float64")
        if function == "permutation":
            return self._permutation(call, depth)
        spec = (_LEGACY_RANDOM if legacy else _GENERATOR_RANDOM).get(function)
        if spec is None or has_unpacking(call):
            return None
        size_position, default_dtype, dtype_position = spec
        size_arg = argument(call, "size", size_position)
        if size_arg is None:
            return None  # a scalar, or broadcast from array-valued parameters: unknown
        shape = shape_argument(self.values, size_arg.value)
        dtype = default_dtype
        if dtype_position is not None:
            given = argument_value(call, "dtype", dtype_position)
            if given is not None:
                dtype = dtype_of(self.facts, given)
        return None if shape is None else ArrayInfo(shape, dtype)

    def _permutation(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        """`permutation(n)`: n int64 indices; `permutation(a)`: a shuffled copy of `a`."""
        given = argument_value(call, "x", 0)
        count = self._length(given, depth)
        if count is not None:
            return ArrayInfo((count,), "int64")
        return self.shapes.info_at(given, depth + 1) if given is not None else None

    def _length(self, expr: Optional[cst.BaseExpression], depth: int) -> Optional[int]:
        """A non-negative int constant, or `len(a)` of an array with a known first dimension."""
        value = self.values.literal(expr)
        if is_int(value):
            return value if value >= 0 else None
        call = self.values.resolve(expr)
        if (isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value == "len"
                and self.values.binding_of(call.func) is None and len(call.args) == 1 and not call.args[0].star):
            inner = self.shapes.info_at(call.args[0].value, depth + 1)
            return inner.shape[0] if inner is not None and inner.shape else None
        return None

    def _filled(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        """`np.zeros/ones/empty(shape, dtype=float)`."""
        dtype_expr = argument_value(call, "dtype", 1)
        dtype = "float64" if dtype_expr is None else dtype_of(self.facts, dtype_expr)
        return ArrayInfo(shape_argument(self.values, argument_value(call, "shape", 0)), dtype)

    def _full(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        dtype_expr = argument_value(call, "dtype", 2)
        if dtype_expr is not None:
            dtype = dtype_of(self.facts, dtype_expr)
        else:
            dtype = scalar_dtype(self.values.literal(argument_value(call, "fill_value", 1)))
        return ArrayInfo(shape_argument(self.values, argument_value(call, "shape", 0)), dtype)

    def _like(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        """`np.zeros_like(a, dtype=None, shape=None)` (`full_like` takes fill_value second)."""
        name = self.facts.call_name(call) or ""
        offset = 1 if name.endswith("full_like") else 0
        source = self.shapes.info_at(argument_value(call, "a", 0), depth + 1)
        shape = shape_argument(self.values, argument_value(call, "shape", 3 + offset))
        dtype_expr = argument_value(call, "dtype", 1 + offset)
        if source is None and shape is None:
            return None
        return ArrayInfo(
            shape if shape is not None else (source.shape if source else None),
            dtype_of(self.facts, dtype_expr) if dtype_expr is not None else (source.dtype if source else None),
        )

    def _arange(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        bounds = [self.values.literal(a.value) for a in call.args if a.keyword is None]
        for key in ("start", "stop", "step"):
            given = argument_value(call, key)
            if given is not None:
                return None  # keyword bounds are rare; not worth the ambiguity
        if not 1 <= len(bounds) <= 3 or not all(is_number(b) for b in bounds):
            return None
        start, stop, step = (0, bounds[0], 1) if len(bounds) == 1 else (*bounds[:2], bounds[2] if len(bounds) == 3 else 1)
        if step == 0:
            return None
        length = max(0, math.ceil((stop - start) / step))
        dtype_expr = argument_value(call, "dtype")
        dtype = dtype_of(self.facts, dtype_expr) if dtype_expr is not None else (
            "int64" if all(is_int(b) for b in bounds) else "float64")
        return ArrayInfo((length,), dtype)

    def _linspace(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        num_expr = argument_value(call, "num", 2)
        num = 50 if num_expr is None else self.values.literal(num_expr)
        dtype_expr = argument_value(call, "dtype", 5)
        dtype = "float64" if dtype_expr is None else dtype_of(self.facts, dtype_expr)
        return ArrayInfo((num,), dtype) if is_int(num) and num >= 0 else None

    def _array(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        """`np.array([[1, 2], [3, 4]])`, or a copy of a known array (`np.asarray(x)`)."""
        first = argument_value(call, "object", 0)
        dtype_expr = argument_value(call, "dtype", 1)
        given_dtype = dtype_of(self.facts, dtype_expr) if dtype_expr is not None else None
        literal = self.values.literal(first) if first is not None else UNKNOWN
        if isinstance(literal, (list, tuple)):
            if _grown_after_binding(self.facts, first):
                return None
            shape, dtype = literal_shape(literal)
            if shape is None:
                return None
            return ArrayInfo(shape, given_dtype if dtype_expr is not None else dtype)
        inner = self.shapes.info_at(first, depth + 1)
        if inner is None:
            return None
        return inner.with_(dtype=given_dtype) if dtype_expr is not None else inner

    def load(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        """`np.load(path)` reads the whole file; with `mmap_mode` it is memory-mapped (quiet).

        The size is unknown unless the path is a literal naming an existing `.npy` file (next
        to the linted file) whose header gives shape and dtype."""
        mmap = argument_value(call, "mmap_mode", 1)
        if mmap is not None and self.values.literal(mmap) is not None:
            return None
        loaded = ArrayInfo(loaded=short_source(self.facts.module, call))
        header = self.header(call)
        return loaded.with_(shape=header[0], dtype=header[1]) if header else loaded

    def header(self, call: cst.Call, member: Optional[str] = None
               ) -> Optional[tuple[tuple[int, ...], str]]:
        """Shape and dtype from the header of the file an `np.load(<literal path>)` reads (of
        `member` in an `.npz`); the path is taken relative to the linted file."""
        path = self.values.string(argument_value(call, "file", 0))
        where = self.facts.path
        if not path or where in ("", "-", "<string>"):
            return None
        if (member is None) != path.endswith(".npy"):
            return None
        full = path if os.path.isabs(path) else os.path.join(os.path.dirname(where), path)
        return npy_header(full, member)

    def _to_categorical(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        """`to_categorical(y, n)`: float32 of shape y.shape + (n,), a trailing 1 of y dropped."""
        labels = self.shapes.info_at(argument_value(call, "x", 0), depth + 1)
        classes = self.values.literal(argument_value(call, "num_classes", 1))
        if labels is None or labels.shape is None or not is_int(classes):
            return None
        shape = labels.shape[:-1] if labels.shape and labels.shape[-1] == 1 and len(labels.shape) > 1 else labels.shape
        return ArrayInfo(shape + (classes,), "float32", bundled=labels.bundled)

    def _first_arg(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        return self.shapes.info_at(argument_value(call, "a", 0), depth + 1)

    def _np_reshape(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        inner = self.shapes.info_at(argument_value(call, "a", 0), depth + 1)
        new = argument_value(call, "newshape", 1) or argument_value(call, "shape")
        return reshaped(inner, reshape_argument(self.values, new))

    def _np_ravel(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        inner = self.shapes.info_at(argument_value(call, "a", 0), depth + 1)
        return reshaped(inner, (-1,))

    def _expand_dims(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        inner = self.shapes.info_at(argument_value(call, "a", 0), depth + 1)
        axis = self.values.literal(argument_value(call, "axis", 1))
        if inner is None or inner.shape is None or not is_int(axis):
            return inner and inner.with_(shape=None)
        ndim = len(inner.shape) + 1
        if not -ndim <= axis < ndim:
            return None
        axis %= ndim
        return inner.with_(shape=inner.shape[:axis] + (1,) + inner.shape[axis:])

    def _swapaxes(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        """`np.swapaxes(a, 1, 2)`: the same elements, two axes exchanged."""
        inner = self.shapes.info_at(argument_value(call, "a", 0), depth + 1)
        first = self.values.literal(argument_value(call, "axis1", 1))
        second = self.values.literal(argument_value(call, "axis2", 2))
        return permuted(inner, swapped_axes(inner, first, second))

    def _moveaxis(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        """`np.moveaxis(a, source, destination)` with single int axes."""
        inner = self.shapes.info_at(argument_value(call, "a", 0), depth + 1)
        source = self.values.literal(argument_value(call, "source", 1))
        destination = self.values.literal(argument_value(call, "destination", 2))
        return permuted(inner, moved_axis(inner, source, destination))

    def _transpose(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        """`np.transpose(a)` reverses the axes; `np.transpose(a, axes)` permutes them."""
        inner = self.shapes.info_at(argument_value(call, "a", 0), depth + 1)
        axes = argument_value(call, "axes", 1)
        order = None if axes is None else self.values.literal(axes)
        return permuted(inner, axes_order(inner, order, given=axes is not None))

    def _joined(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        """`np.concatenate([a, b], axis=0)`, `np.vstack`, `np.stack` of known arrays."""
        name = (self.facts.call_name(call) or "").rsplit(".", 1)[-1]
        seq = self.values.resolve(argument_value(call, "arrays", 0) or argument_value(call, "tup", 0))
        if not isinstance(seq, (cst.List, cst.Tuple)) or not seq.elements:
            return None
        if any(isinstance(e, cst.StarredElement) for e in seq.elements):
            return None
        parts = [self.shapes.info_at(e.value, depth + 1) for e in seq.elements]
        if any(p is None or p.shape is None or p.dtype is None for p in parts):
            loaded = next((p.loaded for p in parts if p is not None and p.loaded), None)
            return ArrayInfo(loaded=loaded) if loaded else None
        shapes = [p.shape for p in parts]  # type: ignore[union-attr]
        dtypes = {p.dtype for p in parts}  # type: ignore[union-attr]
        dtype = dtypes.pop() if len(dtypes) == 1 else None
        axis = 0
        if name in ("concatenate", "stack"):
            axis_value = self.values.literal(argument_value(call, "axis", 1)) if argument(call, "axis", 1) else 0
            if not is_int(axis_value):
                return None
            axis = axis_value
        if name == "vstack":
            shapes = [s if len(s) >= 2 else (1,) + s for s in shapes]  # type: ignore[operator]
        shape = stack_shapes(shapes, axis, new_axis=name == "stack")  # type: ignore[arg-type]
        bundled = any(p.bundled for p in parts)  # type: ignore[union-attr]
        return None if shape is None else ArrayInfo(shape, dtype, bundled=bundled)


def _grown_after_binding(facts: CoreFacts, expr: cst.BaseExpression) -> bool:
    """Whether a name bound to a list literal may hold something else by the time it is read:
    `features = []` then `features.append(...)` in a loop is not an empty array. Only a list
    whose every element is certainly the literal's (no append, extend or other change before
    the read) keeps the literal's shape."""
    if isinstance(expr, (cst.List, cst.Tuple)):
        return False
    bound = facts.values.resolve(expr)
    if not isinstance(bound, cst.List):
        return False
    items = list_items(facts, expr)
    return items is None or len(items) != len(bound.elements) or not all(i.certain for i in items)


NUMPY_BUILDERS = {
    "numpy.zeros": NumpyConstructors._filled, "numpy.ones": NumpyConstructors._filled,
    "numpy.empty": NumpyConstructors._filled, "numpy.full": NumpyConstructors._full,
    "numpy.zeros_like": NumpyConstructors._like, "numpy.ones_like": NumpyConstructors._like,
    "numpy.empty_like": NumpyConstructors._like, "numpy.full_like": NumpyConstructors._like,
    "numpy.arange": NumpyConstructors._arange, "numpy.linspace": NumpyConstructors._linspace,
    "numpy.array": NumpyConstructors._array, "numpy.asarray": NumpyConstructors._array,
    "numpy.ascontiguousarray": NumpyConstructors._array, "numpy.copy": NumpyConstructors._first_arg,
    "numpy.load": NumpyConstructors.load, "numpy.concatenate": NumpyConstructors._joined,
    "numpy.vstack": NumpyConstructors._joined, "numpy.stack": NumpyConstructors._joined,
    "numpy.reshape": NumpyConstructors._np_reshape, "numpy.ravel": NumpyConstructors._np_ravel,
    "numpy.expand_dims": NumpyConstructors._expand_dims,
    "numpy.swapaxes": NumpyConstructors._swapaxes, "numpy.moveaxis": NumpyConstructors._moveaxis,
    "numpy.transpose": NumpyConstructors._transpose,
    "keras.utils.to_categorical": NumpyConstructors._to_categorical,
}


# Random functions: (position of `size`, default dtype, position of `dtype` or None).
_LEGACY_RANDOM = {
    "random": (0, "float64", None), "random_sample": (0, "float64", None),
    "sample": (0, "float64", None), "ranf": (0, "float64", None),
    "uniform": (2, "float64", None), "normal": (2, "float64", None),
    "standard_normal": (0, "float64", None), "randint": (2, "int64", 3),
    "binomial": (2, "int64", None), "poisson": (1, "int64", None),
}


_GENERATOR_RANDOM = {
    "random": (0, "float64", 1), "uniform": (2, "float64", None), "normal": (2, "float64", None),
    "standard_normal": (0, "float64", 1), "integers": (2, "int64", 3),
    "binomial": (2, "int64", None), "poisson": (1, "int64", None),
}



def _star_expanded(call: cst.Call, values) -> list[cst.Arg]:
    """The positional arguments of a call, `*(a, b)` / `*shape` expanded when literal."""
    out: list[cst.Arg] = []
    for arg in call.args:
        if arg.keyword is not None:
            continue
        if arg.star == "*":
            seq = values.resolve(arg.value)
            if not isinstance(seq, (cst.Tuple, cst.List)):
                return [cst.Arg(cst.Name("UNKNOWN_DIM"))]
            out += [cst.Arg(e.value) for e in seq.elements]
        elif arg.star:
            return [cst.Arg(cst.Name("UNKNOWN_DIM"))]
        else:
            out.append(arg)
    return out

