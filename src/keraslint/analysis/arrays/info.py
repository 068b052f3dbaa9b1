"""The facts the arrays domain answers with: what is known about one array value, and one
array fed to a training call; the shapes of the data sets Keras bundles.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Optional, Protocol

import libcst as cst

from keraslint.analysis.arrays.dtypes import ITEMSIZE
from keraslint.analysis.arrays.sizes import format_size

# How many names, indexings and calls a value is followed through.
MAX_DEPTH = 16


@dataclass(frozen=True)
class ArrayInfo:
    """What is statically known about one NumPy array value.

    `loaded` is the source text of an `np.load(...)` that read the whole file into memory and
    that this array is (a view or transform of). Its shape is known only when the code states
    it (`.reshape(200000, 128, 128, 3)`, `assert x.shape == (...)`) or the file's header says
    it; then, with the dtype unknown, `nbytes` is a lower bound of one byte per element.
    `npz` marks a member of an `.npz` archive (`np.load` ignores `mmap_mode` for those).
    """

    shape: Optional[tuple[int, ...]] = None
    dtype: Optional[str] = None
    loaded: Optional[str] = None
    # Derived from a `keras.datasets` data set: its shape is known, but Keras ships these to be
    # loaded whole (all under 1.5 GB), so the size rules do not count them.
    bundled: bool = False
    npz: bool = False

    @property
    def nbytes(self) -> Optional[int]:
        if self.shape is None:
            return None
        if self.dtype in ITEMSIZE:
            return math.prod(self.shape) * ITEMSIZE[self.dtype]
        if self.loaded and self.dtype is None:
            return math.prod(self.shape)  # at least one byte per element, whatever the dtype
        return None

    @property
    def nbytes_is_lower_bound(self) -> bool:
        return self.nbytes is not None and self.dtype not in ITEMSIZE

    @property
    def size(self) -> Optional[int]:
        return None if self.shape is None else math.prod(self.shape)

    def describe(self) -> str:
        """`(60000, 28, 28) uint8 = 44.9 MiB`, `(200000, 128, 128, 3) of unknown dtype, at
        least 9.2 GiB, read whole by `np.load("x.npy")``, or the `np.load(...)` alone."""
        nbytes = self.nbytes
        loaded = f", read whole by `{self.loaded}`" if self.loaded else ""
        if nbytes is not None and self.nbytes_is_lower_bound:
            return f"{self.shape} of unknown dtype, at least {format_size(nbytes)}{loaded}"
        if nbytes is not None:
            return f"{self.shape} {self.dtype} = {format_size(nbytes)}{loaded}"
        return f"`{self.loaded}`" if self.loaded else "unknown size"

    def with_(self, **changes: Any) -> "ArrayInfo":
        return ArrayInfo(**{**self.__dict__, **changes})


@dataclass(frozen=True)
class FedArray:
    """One array fed to a training call or dataset constructor, with its role (`x`, `y[0]`)."""

    role: str
    expr: cst.BaseExpression
    info: ArrayInfo
    is_label: bool = False  # a target (y, validation labels, a dataset's second element)



# Known shapes of `keras.datasets.<name>.load_data()`: ((x_train, y_train), (x_test, y_test)).
DATASETS: dict[str, tuple[tuple[ArrayInfo, ArrayInfo], tuple[ArrayInfo, ArrayInfo]]] = {}

for _name in ("mnist", "fashion_mnist"):
    DATASETS[_name] = (
        (ArrayInfo((60000, 28, 28), "uint8"), ArrayInfo((60000,), "uint8")),
        (ArrayInfo((10000, 28, 28), "uint8"), ArrayInfo((10000,), "uint8")),
    )

for _name, _label_dtype in (("cifar10", "uint8"), ("cifar100", "int64")):
    DATASETS[_name] = (
        (ArrayInfo((50000, 32, 32, 3), "uint8"), ArrayInfo((50000, 1), _label_dtype)),
        (ArrayInfo((10000, 32, 32, 3), "uint8"), ArrayInfo((10000, 1), _label_dtype)),
    )

# Token sequences (ragged: an object array of lists) with one label per review or newswire,
# and the regression data sets: features and one target per sample.
for _name, _train, _test in (("imdb", 25000, 25000), ("reuters", 8982, 2246)):
    DATASETS[_name] = (
        (ArrayInfo((_train,), "object"), ArrayInfo((_train,), "int64")),
        (ArrayInfo((_test,), "object"), ArrayInfo((_test,), "int64")),
    )
for _name, _train, _test, _width in (("boston_housing", 404, 102, 13),
                                      ("california_housing", 16512, 4128, 8)):
    DATASETS[_name] = (
        (ArrayInfo((_train, _width), "float64"), ArrayInfo((_train,), "float64")),
        (ArrayInfo((_test, _width), "float64"), ArrayInfo((_test,), "float64")),
    )

# Classification data sets: their labels are class indices. boston_housing and
# california_housing are regression targets, so they are deliberately absent.
CLASSIFICATION_DATASETS = frozenset({"mnist", "fashion_mnist", "cifar10", "cifar100", "imdb", "reuters"})



class ArrayInference(Protocol):
    """What the builders of arrays (`np.zeros_like(a)`, `a.reshape(...)`) ask back about the
    arrays they are given; `shapes.ArrayShapes` is the one implementation."""

    def info_at(self, expr: Optional[cst.BaseExpression], depth: int) -> Optional[ArrayInfo]:
        ...


def short_source(module: cst.Module, node: cst.CSTNode, limit: int = 60) -> str:
    text = " ".join(module.code_for_node(node).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."

