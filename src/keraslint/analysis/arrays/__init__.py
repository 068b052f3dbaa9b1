"""Array facts: static shapes, dtypes and sizes of NumPy arrays, what training calls are fed,
and how classification labels are encoded.

Everything here answers "unknown" (None) unless the code fixes the answer: a dimension read
from a file, a function parameter or a pandas frame makes the shape unknown, and rules stay
quiet about unknown sizes. An `np.load` without `mmap_mode` reads the whole file into memory,
but its size is known only when the code states it (a reshape to literal dimensions, an
asserted shape) or the file's `.npy` header says it (`npy_files`).

`ArrayFacts` is the one object rules ask (`facts.arrays`); the package's modules, lowest first:

- `sizes`, `dtypes`: byte sizes and dtype spellings (no tree);
- `info`: the facts answered with (`ArrayInfo`, `FedArray`), bundled data set shapes;
- `shape_math`: reshape/stack/literal shape arithmetic;
- `tracing`: an expression -> where its value is made (names, unpacking, splits);
- `npy_files`: shape and dtype from the header of an `.npy` file or `.npz` member (no NumPy);
- `constructors`: NumPy constructors and random samplers; `shapes`: `info(expr)` for any array;
- `labels`: label encodings; `feeding`: the arrays `fit`/`from_tensor_slices` receive.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from keraslint.analysis.arrays.dtypes import ITEMSIZE, dtype_of, is_float_dtype, is_integer_dtype
from keraslint.analysis.arrays.feeding import FIT_METHODS, FedArrays, fed_summary, streaming_advice
from keraslint.analysis.arrays.info import ArrayInfo, FedArray
from keraslint.analysis.arrays.labels import LabelEncodings
from keraslint.analysis.arrays.shapes import ArrayShapes
from keraslint.analysis.arrays.sizes import format_size, parse_size
from keraslint.analysis.arrays.tracing import ArrayTracer
from keraslint.analysis.core import CoreFacts

__all__ = [
    "FIT_METHODS", "ITEMSIZE", "ArrayFacts", "ArrayInfo", "FedArray", "fed_summary", "format_size",
    "is_float_dtype", "is_integer_dtype", "parse_size", "streaming_advice",
]


class ArrayFacts:
    """The questions rules ask about arrays, answered by the collaborators of this package."""

    def __init__(self, facts: CoreFacts) -> None:
        self.facts = facts
        self._tracer = ArrayTracer(facts)
        self._shapes = ArrayShapes(facts, self._tracer)
        self._labels = LabelEncodings(facts, self._tracer, self._shapes)
        self._feeding = FedArrays(facts, self._shapes)

    def trace(self, expr: Optional[cst.BaseExpression]
              ) -> Optional[tuple[cst.BaseExpression, tuple[int, ...]]]:
        """`(expression, index path)` the value of `expr` comes from (see `ArrayTracer.trace`)."""
        return self._tracer.trace(expr)

    def split_source(self, expr: cst.BaseExpression, path: tuple[int, ...]
                     ) -> Optional[cst.BaseExpression]:
        """The input array element `path` of a split/shuffle call (`train_test_split(x, y)`)
        takes its rows from, or None (see `ArrayTracer.split_source`)."""
        return self._tracer.split_source(expr, path)

    def info(self, expr: Optional[cst.BaseExpression]) -> Optional[ArrayInfo]:
        """What is statically known about the array `expr` evaluates to; None if nothing."""
        return self._shapes.info(expr)

    def nbytes(self, expr: Optional[cst.BaseExpression]) -> Optional[int]:
        return self._shapes.nbytes(expr)

    def dtype_of(self, expr: Optional[cst.BaseExpression]) -> Optional[str]:
        """`"float32"` for `"float32"`, `"f4"`, `np.float32`, `tf.float32`, `float`..."""
        return dtype_of(self.facts, expr)

    def label_encoding(self, expr: Optional[cst.BaseExpression]) -> Optional[str]:
        """`"one_hot"`, `"integer"` (class indices) or None (unknown) for a label array."""
        return self._labels.label_encoding(expr)

    def fed_to(self, call: cst.Call) -> list[FedArray]:
        """The arrays a `fit`/`evaluate`/`predict`/... call receives, with their roles."""
        return self._feeding.fed_to(call)

    def dataset_sources(self, call: cst.Call) -> list[FedArray]:
        """The arrays given to `Dataset.from_tensor_slices(...)`/`from_tensors(...)`."""
        return self._feeding.dataset_sources(call)
