"""Static shapes and dtypes of array expressions: `info(expr)` -> `ArrayInfo` or None.

Dispatches on what makes the value: a NumPy constructor or sampler (`constructors`), an array
method (`astype`, `reshape`...), arithmetic with a scalar or a normalization, indexing and
slicing, `.T`, a bundled Keras data set or a row-selecting split.
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import cached_property
from typing import Iterator, Optional

import libcst as cst

from keraslint.analysis.arrays.constructors import NUMPY_BUILDERS, NumpyConstructors
from keraslint.analysis.arrays.dtypes import (
    dtype_of,
    is_float_dtype,
    is_int,
    is_integer_dtype,
    is_number,
    promote,
)
from keraslint.analysis.arrays.info import DATASETS, MAX_DEPTH, ArrayInfo, short_source
from keraslint.analysis.arrays.shape_math import (
    axes_order,
    permuted,
    reshape_argument,
    reshaped,
    shape_argument,
    swapped_axes,
)
from keraslint.analysis.arrays.tracing import ArrayTracer
from keraslint.analysis.calls import argument_value, has_unpacking, method_name, receiver
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.scopes import PARAM, Binding
from keraslint.analysis.walk import descendants


class ArrayShapes:
    def __init__(self, facts: CoreFacts, tracer: ArrayTracer) -> None:
        self.facts = facts
        self.values = facts.values
        self.tracer = tracer
        self.constructors = NumpyConstructors(facts, self)
        self._memo: dict[tuple, Optional[ArrayInfo]] = {}
        self._arguments: dict[int, cst.BaseExpression] = {}  # id(param) -> argument (_passing)

    def info(self, expr: Optional[cst.BaseExpression]) -> Optional[ArrayInfo]:
        """What is statically known about the array `expr` evaluates to; None if nothing."""
        return self.info_at(expr, 0)

    def nbytes(self, expr: Optional[cst.BaseExpression]) -> Optional[int]:
        info = self.info(expr)
        return None if info is None else info.nbytes

    def info_at(self, expr: Optional[cst.BaseExpression], depth: int) -> Optional[ArrayInfo]:
        """`info(expr)` reached `depth` steps into another array's inference.

        Remembered per (expression, depth): `x = np.concatenate([x, x * 2])` repeated would
        otherwise branch twice per step down to the depth limit (2**16 inferences)."""
        # The node itself: an id could be reused by a temporary node. Inside a helper followed
        # from one call, the arguments it was called with are part of the question.
        key = (expr, depth, tuple(sorted((k, id(v)) for k, v in self._arguments.items())))
        if key not in self._memo:
            self._memo[key] = self._info_at(expr, depth)
        return self._memo[key]

    def _info_at(self, expr: Optional[cst.BaseExpression], depth: int) -> Optional[ArrayInfo]:
        if depth > MAX_DEPTH:
            return None
        if isinstance(expr, cst.Name):
            binding = self.values.binding_of(expr)
            passed = self._arguments.get(id(binding.node)) \
                if binding is not None and binding.kind == PARAM else None
            if passed is not None:
                return self.info_at(passed, depth + 1)
            asserted = self._asserted.get(binding)  # type: ignore[arg-type]
            if asserted is not None:
                found = self._traced_info(expr, depth)
                return found.with_(shape=asserted) if found is not None else None
        return self._traced_info(expr, depth)

    @contextmanager
    def _passing(self, calls: list[tuple[cst.Call, cst.FunctionDef]]) -> Iterator[None]:
        """While the value of a helper's `return` is inferred, its parameters stand for the
        arguments of the call that was followed into it (`normalize(images)`: `images`)."""
        added = []
        for call, function in calls:
            for param, argument in _parameter_arguments(call, function):
                if id(param) not in self._arguments:
                    self._arguments[id(param)] = argument
                    added.append(id(param))
        try:
            yield
        finally:
            for key in added:
                del self._arguments[key]

    @cached_property
    def _asserted(self) -> dict[Binding, tuple[int, ...]]:
        """Shapes the code asserts: `assert x.shape == (60000, 256, 256, 1)` states the shape of
        the value bound to `x` there (the program stops if it is anything else)."""
        found: dict[Binding, tuple[int, ...]] = {}
        for node in descendants(self.facts.module):
            if not isinstance(node, cst.Assert) or not isinstance(node.test, cst.Comparison):
                continue
            test = node.test
            if len(test.comparisons) != 1 \
                    or not isinstance(test.comparisons[0].operator, cst.Equal):
                continue
            for side, other in ((test.left, test.comparisons[0].comparator),
                                (test.comparisons[0].comparator, test.left)):
                if isinstance(side, cst.Attribute) and side.attr.value == "shape" \
                        and isinstance(side.value, cst.Name):
                    shape = shape_argument(self.values, other)
                    binding = self.values.binding_of(side.value)
                    if shape is not None and isinstance(other, (cst.Tuple, cst.List, cst.Name)) \
                            and binding is not None:
                        found[binding] = shape
        return found

    def _traced_info(self, expr: Optional[cst.BaseExpression], depth: int) -> Optional[ArrayInfo]:
        through: list[tuple[cst.Call, cst.FunctionDef]] = []
        traced = self.tracer.trace(expr, through)
        if not through:
            return self._made(traced, depth)
        with self._passing(through):
            return self._made(traced, depth)

    def _made(self, traced: Optional[tuple[cst.BaseExpression, tuple[int, ...]]],
              depth: int) -> Optional[ArrayInfo]:
        """The info of a traced `(expression, index path)`: what makes the value."""
        if traced is None:
            return None
        expr, path = traced
        if isinstance(expr, cst.Name):  # a parameter: known only as a followed call's argument
            binding = self.values.binding_of(expr)
            argument = self._arguments.get(id(binding.node)) if binding is not None else None
            return None if argument is None or path else self.info_at(argument, depth + 1)
        if path:
            split = self.tracer.split_source(expr, path)
            if split is not None:
                inner = self.info_at(split, depth + 1)  # rows selected: the first dimension changes
                if inner is None or not inner.shape:
                    return inner
                rows = self.tracer.split_rows(expr, inner.shape[0], path[0])  # type: ignore[arg-type]
                return inner.with_(shape=None if rows is None else (rows,) + inner.shape[1:])
            return self._dataset_part(expr, path)
        if isinstance(expr, cst.Call):
            return self._call_info(expr, depth)
        if isinstance(expr, cst.BinaryOperation):
            return self._arithmetic_info(expr, depth)
        if isinstance(expr, cst.Subscript):
            return self._subscript_info(expr, depth)
        if isinstance(expr, cst.Attribute) and expr.attr.value == "T":
            inner = self.info_at(expr.value, depth + 1)
            return inner and inner.with_(shape=None if inner.shape is None else inner.shape[::-1])
        return None

    def _dataset_part(self, expr: cst.BaseExpression, path: tuple[int, ...]) -> Optional[ArrayInfo]:
        if not isinstance(expr, cst.Call) or len(path) != 2 or path[0] not in (0, 1) or path[1] not in (0, 1):
            return None
        parts = DATASETS.get(self.tracer.dataset_name(expr) or "")
        return None if parts is None else parts[path[0]][path[1]].with_(bundled=True)

    def _call_info(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        if has_unpacking(call) and not _only_star_dims(call):
            return None
        name = self.facts.call_name(call)
        if name is not None:
            if name.startswith("numpy.random."):
                return self.constructors.random_info(name.rsplit(".", 1)[-1], call, legacy=True, depth=depth)
            builder = NUMPY_BUILDERS.get(name)
            return builder(self.constructors, call, depth) if builder is not None else None
        method = method_name(call)
        target = receiver(call)
        if method is None or target is None:
            return None
        source = self.values.resolve(target)
        if isinstance(source, cst.Call):
            source_name = self.facts.call_name(source)
            if source_name in ("numpy.random.default_rng", "numpy.random.Generator"):
                return self.constructors.random_info(method, call, legacy=False, depth=depth)
            if source_name == "numpy.random.RandomState":
                return self.constructors.random_info(method, call, legacy=True, depth=depth)
        builder = _ARRAY_METHODS.get(method)
        return builder(self, call, target, depth) if builder is not None else None

    def _astype(self, call: cst.Call, target: cst.BaseExpression, depth: int) -> Optional[ArrayInfo]:
        inner = self.info_at(target, depth + 1)
        return inner and inner.with_(dtype=dtype_of(self.facts, argument_value(call, "dtype", 0)))

    def _reshape_method(self, call: cst.Call, target: cst.BaseExpression, depth: int) -> Optional[ArrayInfo]:
        inner = self.info_at(target, depth + 1)
        positional = [a.value for a in call.args if a.keyword is None]
        if len(positional) == 1:
            new = reshape_argument(self.values, positional[0])
        elif positional:
            new = reshape_argument(self.values, cst.Tuple([cst.Element(v) for v in positional]))
        else:
            new = reshape_argument(self.values, argument_value(call, "shape"))
        return reshaped(inner, new)

    def _swapaxes_method(self, call: cst.Call, target: cst.BaseExpression,
                         depth: int) -> Optional[ArrayInfo]:
        inner = self.info_at(target, depth + 1)
        first = self.values.literal(argument_value(call, "axis1", 0))
        second = self.values.literal(argument_value(call, "axis2", 1))
        return permuted(inner, swapped_axes(inner, first, second))

    def _transpose_method(self, call: cst.Call, target: cst.BaseExpression,
                          depth: int) -> Optional[ArrayInfo]:
        """`x.transpose()`, `x.transpose(0, 2, 1)`, `x.transpose((0, 2, 1))`."""
        inner = self.info_at(target, depth + 1)
        positional = [a.value for a in call.args if a.keyword is None]
        if not positional and not call.args:
            return permuted(inner, axes_order(inner, None, given=False))
        if len(positional) == 1:
            axes = self.values.literal(positional[0])
        else:
            axes = tuple(self.values.literal(v) for v in positional)
        return permuted(inner, axes_order(inner, axes, given=True))

    def _flattened(self, call: cst.Call, target: cst.BaseExpression, depth: int) -> Optional[ArrayInfo]:
        return reshaped(self.info_at(target, depth + 1), (-1,))

    def _copied(self, call: cst.Call, target: cst.BaseExpression, depth: int) -> Optional[ArrayInfo]:
        return self.info_at(target, depth + 1)

    def _arithmetic_info(self, node: cst.BinaryOperation, depth: int) -> Optional[ArrayInfo]:
        """`x / 255.0`, `2 * x - 1`: an array with a Python scalar keeps its shape."""
        if not isinstance(node.operator, (cst.Add, cst.Subtract, cst.Multiply, cst.Divide,
                                          cst.FloorDivide, cst.Modulo, cst.Power)):
            return None
        left, right = self.values.literal(node.left), self.values.literal(node.right)
        if is_number(right) and not is_number(left):
            array, scalar = self.info_at(node.left, depth + 1), right
        elif is_number(left) and not is_number(right):
            array, scalar = self.info_at(node.right, depth + 1), left
        else:
            return self._normalized_info(node, depth)
        if array is None:
            return None
        return array.with_(dtype=promote(array.dtype, scalar, isinstance(node.operator, cst.Divide)))

    def _normalized_info(self, node: cst.BinaryOperation, depth: int) -> Optional[ArrayInfo]:
        """`x - x.mean(axis=0)`, `(x - mu) / sigma` with `mu = x.mean(0)`: x's shape.

        The other operand is a reduction (mean/std/var/min/max) of a known float array, which
        broadcasts without growing x; both must be float arrays of one dtype (else unknown).
        """
        if not isinstance(node.operator, (cst.Add, cst.Subtract, cst.Multiply, cst.Divide)):
            return None
        for array_side, other_side in ((node.left, node.right), (node.right, node.left)):
            reduced = self._reduction_dtype(other_side, depth)
            if reduced is None:
                continue
            array = self.info_at(array_side, depth + 1)
            if array is not None and is_float_dtype(array.dtype) and array.dtype == reduced:
                return array
        return None

    def _reduction_dtype(self, expr: cst.BaseExpression, depth: int) -> Optional[str]:
        """The dtype of `a.mean(...)`/`np.std(a, ...)` (+ a scalar) when `a` is a float array."""
        value = self.values.resolve(expr)
        if isinstance(value, cst.BinaryOperation) and is_number(self.values.literal(value.right)):
            value = self.values.resolve(value.left)  # `x.std(axis=0) + 1e-7`
        if not isinstance(value, cst.Call):
            return None
        name = self.facts.call_name(value)
        if name in _NUMPY_REDUCTIONS:
            source = argument_value(value, "a", 0)
        elif name is None and method_name(value) in _REDUCTION_METHODS:
            source = receiver(value)
        else:
            return None
        info = self.info_at(source, depth + 1)
        return info.dtype if info is not None and is_float_dtype(info.dtype) else None

    def _subscript_info(self, node: cst.Subscript, depth: int) -> Optional[ArrayInfo]:
        base_trace = self.tracer.trace(node.value)
        if base_trace is not None and not base_trace[1] and isinstance(base_trace[0], cst.Call):
            loaded = self._npz_member(base_trace[0], node)
            if loaded is not None:
                return loaded
        base = self.info_at(node.value, depth + 1)
        if base is None:
            return None
        if base.loaded and base.shape is None:
            return base  # a view of (or a copy out of) an array read whole from disk
        if base.shape is None:
            return None
        expanded = self._expanded_shape(base.shape, node)
        if expanded is not None:
            return base.with_(shape=expanded)
        if len(node.slice) != 1:
            return None
        index = node.slice[0].slice
        if isinstance(index, cst.Index) and base.shape:
            rows = self._index_rows(index.value, depth)
            return None if rows is None else base.with_(shape=(rows,) + base.shape[1:])
        if not isinstance(index, cst.Slice) or index.step is not None or not base.shape:
            return None
        lower = 0 if index.lower is None else self.values.literal(index.lower)
        upper = base.shape[0] if index.upper is None else self.values.literal(index.upper)
        if not (is_int(lower) and is_int(upper)):
            return None
        length = len(range(base.shape[0])[lower:upper])
        return base.with_(shape=(length,) + base.shape[1:])

    def _index_rows(self, index: cst.BaseExpression, depth: int) -> Optional[int]:
        """Rows selected by `x[order]`: the length of a 1-D integer index array of known length.

        `np.random.permutation(n)`, `np.arange(n)`, `rng.permutation(n)` select n rows and keep
        the other dimensions. A scalar, a boolean mask or an index of unknown length: None.
        """
        found = self.info_at(index, depth + 1)
        if found is None or found.shape is None or len(found.shape) != 1 or not is_integer_dtype(found.dtype):
            return None
        return found.shape[0]

    def _expanded_shape(self, shape: tuple[int, ...], node: cst.Subscript) -> Optional[tuple[int, ...]]:
        """`x[..., None]`, `x[:, np.newaxis]`: full slices, one `...` and new axes only."""
        items = [e.slice for e in node.slice]
        kinds = []
        for item in items:
            if isinstance(item, cst.Slice) and item.lower is None and item.upper is None and item.step is None:
                kinds.append(":")
            elif isinstance(item, cst.Index) and isinstance(item.value, cst.Ellipsis):
                kinds.append("...")
            elif isinstance(item, cst.Index) and (
                (isinstance(item.value, cst.Name) and item.value.value == "None")
                or self.facts.qualified_name(item.value) == "numpy.newaxis"
            ):
                kinds.append("new")
            else:
                return None
        if "new" not in kinds or kinds.count("...") > 1:
            return None
        if "..." not in kinds:
            kinds.append("...")  # trailing dimensions are kept implicitly
        if kinds.count(":") > len(shape):
            return None
        dims, out = list(shape), []
        for kind in kinds:
            if kind == "new":
                out.append(1)
            elif kind == ":":
                out.append(dims.pop(0))
            else:
                rest = len(dims) - kinds[kinds.index("...") + 1:].count(":")
                out += dims[:rest]
                dims = dims[rest:]
        return tuple(out)

    def _npz_member(self, call: cst.Call, node: cst.Subscript) -> Optional[ArrayInfo]:
        """`np.load("d.npz")["x"]` reads that member whole (npz files ignore `mmap_mode`)."""
        if self.facts.call_name(call) != "numpy.load" or len(node.slice) != 1:
            return None
        index = node.slice[0].slice
        if not isinstance(index, cst.Index) or self.values.string(index.value) is None:
            return None
        path = self.values.string(argument_value(call, "file", 0))
        if (path is None or not path.endswith(".npz")) and self.constructors.load(call, 0) is None:
            return None
        key = self.values.string(index.value)
        loaded = ArrayInfo(loaded=f"{short_source(self.facts.module, call)}[{key!r}]", npz=True)
        header = self.constructors.header(call, member=key)
        return loaded.with_(shape=header[0], dtype=header[1]) if header else loaded


_ARRAY_METHODS = {
    "astype": ArrayShapes._astype, "reshape": ArrayShapes._reshape_method,
    "flatten": ArrayShapes._flattened, "ravel": ArrayShapes._flattened, "copy": ArrayShapes._copied,
    "swapaxes": ArrayShapes._swapaxes_method, "transpose": ArrayShapes._transpose_method,
}


_REDUCTION_METHODS = frozenset({"mean", "std", "var", "min", "max"})


_NUMPY_REDUCTIONS = frozenset({"numpy.mean", "numpy.std", "numpy.var", "numpy.min", "numpy.max",
                               "numpy.amin", "numpy.amax"})



def _only_star_dims(call: cst.Call) -> bool:
    """`np.random.rand(*shape)`: the one unpacking we can follow."""
    return len(call.args) == 1 and call.args[0].star == "*"



def _parameter_arguments(call: cst.Call, function: cst.FunctionDef
                         ) -> Iterator[tuple[cst.Param, cst.BaseExpression]]:
    """(parameter, the argument `call` passes it) for plain positional and keyword arguments;
    nothing for a call with `*args`/`**kwargs` (which argument goes where is not certain)."""
    if any(arg.star for arg in call.args):
        return
    params = list(function.params.posonly_params) + list(function.params.params)
    by_name = {p.name.value: p for p in params + list(function.params.kwonly_params)}
    for position, arg in enumerate(call.args):
        if arg.keyword is None:
            if position < len(params):
                yield params[position], arg.value
        elif arg.keyword.value in by_name:
            yield by_name[arg.keyword.value], arg.value
