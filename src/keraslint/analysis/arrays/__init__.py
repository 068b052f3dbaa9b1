"""Array facts: static shapes, dtypes and sizes of NumPy arrays, what training calls are fed,
and how classification labels are encoded.

Everything here answers "unknown" (None) unless the code fixes the answer: a dimension read
from a file, a function parameter or a pandas frame makes the shape unknown, and rules stay
quiet about unknown sizes. The one deliberate exception is `np.load` without `mmap_mode`: its
size is unknown but it certainly reads the whole file into memory, which is what KL301/KL302
report.

dtype arithmetic follows NumPy 2 (NEP 50) for the only case we model, an array combined with
a Python scalar literal: the array's dtype wins, except that a Python float turns an integer
or bool array into float64 and true division `/` turns one into float64 (`uint8 / 255.0` is
float64, `float32 / 255.0` stays float32). Array-with-array arithmetic is left unknown.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Optional

import libcst as cst

from keraslint.analysis.calls import argument, argument_value, has_unpacking, method_name, receiver
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.scopes import ASSIGN
from keraslint.analysis.values import UNKNOWN
from keraslint.analysis.walk import children, descendants

_MAX_DEPTH = 16
_ABSENT: Any = cst.Name("__absent__")  # a `**options` dict known not to hold the keyword

# -- dtypes -------------------------------------------------------------------------------------
ITEMSIZE = {
    "bool": 1, "int8": 1, "uint8": 1, "int16": 2, "uint16": 2, "float16": 2, "bfloat16": 2,
    "int32": 4, "uint32": 4, "float32": 4, "int64": 8, "uint64": 8, "float64": 8,
    "complex64": 8, "complex128": 16,
}
_DTYPE_SPELLINGS = {
    "float": "float64", "double": "float64", "single": "float32", "half": "float16",
    "float_": "float64", "int": "int64", "int_": "int64", "intp": "int64", "uint": "uint64",
    "bool_": "bool", "bool8": "bool", "ubyte": "uint8", "byte": "int8", "short": "int16",
    "ushort": "uint16", "intc": "int32", "uintc": "uint32", "longlong": "int64",
    "complex": "complex128", "cfloat": "complex128", "cdouble": "complex128",
    "csingle": "complex64",
    "f2": "float16", "f4": "float32", "f8": "float64", "i1": "int8", "i2": "int16",
    "i4": "int32", "i8": "int64", "u1": "uint8", "u2": "uint16", "u4": "uint32", "u8": "uint64",
    "b1": "bool", "?": "bool", "c8": "complex64", "c16": "complex128", "d": "float64",
    "f": "float32", "e": "float16", "b": "int8", "B": "uint8",
}
_BUILTIN_DTYPES = {"float": "float64", "int": "int64", "bool": "bool", "complex": "complex128"}
_DTYPE_MODULES = ("numpy.", "tensorflow.", "keras.ops.")


def is_integer_dtype(dtype: Optional[str]) -> bool:
    return dtype is not None and dtype.lstrip("u").startswith("int")


def is_float_dtype(dtype: Optional[str]) -> bool:
    return dtype is not None and "float" in dtype


def _normalize_dtype(text: str) -> Optional[str]:
    text = text.strip().lstrip("<>=|")
    if text in ITEMSIZE:
        return text
    return _DTYPE_SPELLINGS.get(text)


# -- sizes --------------------------------------------------------------------------------------
_UNITS = {
    "": 1, "b": 1,
    "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
    "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40,
}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-zA-Z]*)\s*$")


def parse_size(value: Any) -> int:
    """Bytes from an int or a string like `"1GiB"`, `"512 MiB"`, `"2GB"` (GB = 10**9 bytes)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"expected a size such as 1073741824, \"1GiB\" or \"512 MiB\", got {value!r}")
    if isinstance(value, (int, float)):
        number, unit = float(value), ""
    else:
        match = _SIZE.match(value)
        if match is None or match.group(2).lower() not in _UNITS:
            raise ValueError(
                f"invalid size {value!r}: use a number of bytes or a number with one of the units "
                "B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024)"
            )
        number, unit = float(match.group(1)), match.group(2).lower()
    size = int(number * _UNITS[unit])
    if size <= 0:
        raise ValueError(f"invalid size {value!r}: must be positive")
    return size


def format_size(nbytes: int) -> str:
    """`1.1 TiB`, `47.0 MiB`: binary units, one decimal."""
    size = float(nbytes)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if size < 1024 or unit == "TiB":
            if unit == "B":
                return f"{int(size)} B"
            text = f"{size:.1f}"
            return f"{text[:-2] if text.endswith('.0') else text} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


# -- facts --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ArrayInfo:
    """What is statically known about one NumPy array value.

    `loaded` is the source text of an `np.load(...)` that read the whole file into memory and
    that this array is (a view or transform of); its shape is usually unknown.
    """

    shape: Optional[tuple[int, ...]] = None
    dtype: Optional[str] = None
    loaded: Optional[str] = None
    # Derived from a `keras.datasets` data set: its shape is known, but Keras ships these to be
    # loaded whole (all under 1.5 GB), so the size rules do not count them.
    bundled: bool = False

    @property
    def nbytes(self) -> Optional[int]:
        if self.shape is None or self.dtype not in ITEMSIZE:
            return None
        return math.prod(self.shape) * ITEMSIZE[self.dtype]

    @property
    def size(self) -> Optional[int]:
        return None if self.shape is None else math.prod(self.shape)

    def describe(self) -> str:
        """`(60000, 28, 28) uint8 = 44.9 MiB`, or the `np.load(...)` it comes from."""
        nbytes = self.nbytes
        if nbytes is not None:
            return f"{self.shape} {self.dtype} = {format_size(nbytes)}"
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
_DATASETS: dict[str, tuple[tuple[ArrayInfo, ArrayInfo], tuple[ArrayInfo, ArrayInfo]]] = {}
for _name in ("mnist", "fashion_mnist"):
    _DATASETS[_name] = (
        (ArrayInfo((60000, 28, 28), "uint8"), ArrayInfo((60000,), "uint8")),
        (ArrayInfo((10000, 28, 28), "uint8"), ArrayInfo((10000,), "uint8")),
    )
for _name, _label_dtype in (("cifar10", "uint8"), ("cifar100", "int64")):
    _DATASETS[_name] = (
        (ArrayInfo((50000, 32, 32, 3), "uint8"), ArrayInfo((50000, 1), _label_dtype)),
        (ArrayInfo((10000, 32, 32, 3), "uint8"), ArrayInfo((10000, 1), _label_dtype)),
    )
# Classification data sets: their labels are class indices. boston_housing and
# california_housing are regression targets, so they are deliberately absent.
_CLASSIFICATION_DATASETS = frozenset({"mnist", "fashion_mnist", "cifar10", "cifar100", "imdb", "reuters"})

_ONE_HOT_CALLS = frozenset({
    "keras.utils.to_categorical", "tensorflow.one_hot", "keras.ops.one_hot",
    "keras.backend.one_hot", "pandas.get_dummies",
})
_EYE_CALLS = frozenset({"numpy.eye", "numpy.identity"})
_INTEGER_LABEL_CALLS = frozenset({"numpy.random.randint"})
_ARGMAX_CALLS = frozenset({"numpy.argmax", "tensorflow.argmax", "tensorflow.math.argmax",
                           "keras.ops.argmax", "keras.backend.argmax"})
_LABEL_ENCODERS = frozenset({"sklearn.preprocessing.LabelEncoder"})
# Functions that keep an array's elements (and so its label encoding): first argument.
_PRESERVING_FUNCTIONS = frozenset({
    "numpy.squeeze", "numpy.ravel", "numpy.reshape", "numpy.asarray", "numpy.array", "numpy.copy",
    "numpy.asanyarray", "numpy.ascontiguousarray", "tensorflow.squeeze", "tensorflow.reshape",
    "tensorflow.convert_to_tensor", "tensorflow.constant", "keras.ops.convert_to_tensor",
    "keras.ops.squeeze", "keras.ops.reshape",
})
_PRESERVING_METHODS = frozenset({"reshape", "flatten", "ravel", "squeeze", "copy", "to_numpy"})
# Keras data objects whose `__getitem__` returns one `(x, y)` batch.
_DATA_OBJECT_BASES = frozenset({
    "keras.utils.PyDataset", "keras.utils.Sequence", "keras.trainers.data_adapters.PyDataset",
    "keras.trainers.data_adapters.py_dataset_adapter.PyDataset",
})
_CAST_CALLS = frozenset({"tensorflow.cast", "keras.ops.cast"})
# Dataset makers that label by sub-directory, and the encoding each `label_mode` gives.
_DIRECTORY_DATASETS = frozenset({
    "keras.utils.image_dataset_from_directory", "keras.utils.text_dataset_from_directory",
    "keras.utils.audio_dataset_from_directory", "keras.preprocessing.image_dataset_from_directory",
    "keras.preprocessing.text_dataset_from_directory",
})
_LABEL_MODES = {"int": "integer", "sparse": "integer", "categorical": "one_hot"}
_TENSOR_DATASETS = frozenset({
    "tensorflow.data.Dataset.from_tensor_slices", "tensorflow.data.Dataset.from_tensors",
})
# tf.data methods that keep every element's labels as they are (not `map`).
_DATASET_PRESERVING_METHODS = frozenset({
    "cache", "shuffle", "prefetch", "repeat", "take", "skip", "batch", "unbatch", "rebatch",
    "padded_batch", "filter", "shard", "with_options", "ignore_errors",
})

# Training calls: positions of x and y.
FIT_METHODS = {
    "fit": ("x", "y"), "evaluate": ("x", "y"), "predict": ("x",), "train_on_batch": ("x", "y"),
    "test_on_batch": ("x", "y"), "predict_on_batch": ("x",),
}
class ArrayFacts:
    def __init__(self, facts: CoreFacts) -> None:
        self.facts = facts
        self.values = facts.values

    # == tracing ================================================================================
    def trace(self, expr: Optional[cst.BaseExpression]) -> Optional[tuple[cst.BaseExpression, tuple[int, ...]]]:
        """Follow names, tuple unpacking and constant indexing to `(expression, index path)`.

        `(x_tr, y_tr), _ = mnist.load_data()` traces `y_tr` to `(mnist.load_data(), (0, 1))`;
        a non-empty path means "element `path` of the value of `expression`".
        """
        path: tuple[int, ...] = ()
        for _ in range(_MAX_DEPTH):
            if expr is None:
                return None
            if isinstance(expr, cst.Name):
                binding = self.values.binding_of(expr)
                if binding is not None and binding.kind == ASSIGN and binding.path:
                    expr, path = binding.node, binding.path + path  # type: ignore[assignment]
                    continue
                value = self.values.resolve(expr)
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
                expr = returned
                continue
            return expr, path
        return None

    def _single_return(self, expr: cst.BaseExpression) -> Optional[cst.BaseExpression]:
        """`load()` for a local `def load(): ...; return np.load(p)` with one return, no yield.

        The returned expression is resolved in the function's own scope, so anything that
        depends on a parameter the callers pass stays unknown.
        """
        if not isinstance(expr, cst.Call) or not isinstance(expr.func, cst.Name):
            return None
        function = self.facts.definition(expr.func)
        if not isinstance(function, cst.FunctionDef):
            return None
        returned = self.facts.returned_values(function)
        if len(returned) != 1 or returned[0] is None or _is_generator_function(function):
            return None
        return returned[0]

    def _split_source(self, expr: cst.BaseExpression, path: tuple[int, ...]) -> Optional[cst.BaseExpression]:
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

    def _split_rows(self, call: cst.Call, rows: int, element: int) -> Optional[int]:
        """Rows of element `element` of `train_test_split(..., test_size=...)` (sklearn's rounding)."""
        name = self.facts.call_name(call)
        if name != "sklearn.model_selection.train_test_split":
            return rows if name == "sklearn.utils.shuffle" and argument(call, "n_samples") is None else None
        if argument(call, "train_size") is not None:
            return None
        given = argument(call, "test_size")
        test = 0.25 if given is None else self.values.literal(given.value)
        if _is_int(test) and 0 <= test <= rows:
            n_test = test
        elif isinstance(test, float) and 0.0 < test < 1.0:
            n_test = math.ceil(test * rows)
        else:
            return None
        return n_test if element % 2 else rows - n_test

    def _dataset(self, call: cst.Call) -> Optional[str]:
        """`mnist` for `keras.datasets.mnist.load_data()`."""
        name = self.facts.call_name(call)
        if name is None:
            return None
        parts = name.split(".")
        if len(parts) == 4 and parts[:2] == ["keras", "datasets"] and parts[3] == "load_data":
            return parts[2]
        return None

    # == label encoding (KL205) =================================================================
    def label_encoding(self, expr: Optional[cst.BaseExpression]) -> Optional[str]:
        """`"one_hot"`, `"integer"` (class indices) or None (unknown) for a label array.

        Also for what `fit` receives as `x` alone: a `tf.data` pipeline, a directory dataset,
        a local `PyDataset`/`Sequence` instance or a generator (the labels of its batches).
        """
        return self._encoding(expr, 0)

    def _encoding(self, expr: Optional[cst.BaseExpression], depth: int) -> Optional[str]:
        if depth > _MAX_DEPTH:
            return None
        traced = self.trace(expr)
        if traced is None:
            return None
        expr, path = traced
        if path:
            split = self._split_source(expr, path)
            if split is not None:
                return self._encoding(split, depth + 1)
            if isinstance(expr, cst.Call) and len(path) == 2 and path[0] in (0, 1) and path[1] == 1:
                if self._dataset(expr) in _CLASSIFICATION_DATASETS:
                    return "integer"
            return None
        if isinstance(expr, cst.Call):
            return self._call_encoding(expr, depth)
        if isinstance(expr, cst.Subscript):
            return self._subscript_encoding(expr, depth)
        if isinstance(expr, cst.Attribute) and expr.attr.value == "values":  # pandas `.values`
            return self._encoding(expr.value, depth + 1)
        return None

    def _call_encoding(self, call: cst.Call, depth: int) -> Optional[str]:
        name = self.facts.call_name(call)
        first = argument_value(call, "x", 0)
        if name is not None:
            if name in _ONE_HOT_CALLS:
                return None if self._drops_first(call, name) else "one_hot"
            if name in _INTEGER_LABEL_CALLS:
                return "integer"
            if name in _ARGMAX_CALLS:
                has_axis = argument(call, "axis", 1) is not None
                return "integer" if has_axis or name.startswith(("tensorflow", "keras")) else None
            if name in ("numpy.array", "numpy.asarray") and first is not None:
                literal = self._literal_labels(first)
                if literal is not None:
                    return literal
            if name in _PRESERVING_FUNCTIONS:
                return self._encoding(first, depth + 1) if first is not None else None
            if name in _CAST_CALLS:
                return self._cast_encoding(first, argument_value(call, "dtype", 1), depth)
            if name in ("numpy.concatenate", "numpy.hstack", "numpy.vstack"):
                return self._common_encoding(first, depth)
            if name in _DIRECTORY_DATASETS:
                return self._label_mode(call, "label_mode", "int")
            if name in _TENSOR_DATASETS:
                return self._element_labels(argument_value(call, "tensors", 0), depth)
            if name == "tensorflow.data.Dataset.from_generator":
                return self._generator_labels(argument_value(call, "generator", 0), depth)
            return None
        local = self.facts.definition(call.func)
        if local is not None:
            return self._data_object_labels(local, depth)
        method = method_name(call)
        target = receiver(call)
        if method is None or target is None:
            return None
        if method in _PRESERVING_METHODS or method in _DATASET_PRESERVING_METHODS:
            return self._encoding(target, depth + 1)
        if method in ("flow_from_directory", "flow_from_dataframe"):
            return self._label_mode(call, "class_mode", "categorical")
        if method == "astype":
            return self._cast_encoding(target, argument_value(call, "dtype", 0), depth)
        if method == "argmax":
            return "integer" if argument(call, "axis", 0) is not None else None
        if method in ("fit_transform", "transform") and self._constructed_by(target, _LABEL_ENCODERS):
            return "integer"
        if method == "integers" and self._is_generator(target):
            return "integer"
        return None

    def _label_mode(self, call: cst.Call, keyword: str, default: str) -> Optional[str]:
        """Labels of `image_dataset_from_directory(label_mode=...)`/`flow_from_directory(class_mode=...)`.

        The keyword may also come from `**options` when `options` is a literal dict/`dict(...)`.
        """
        given = argument_value(call, keyword)
        if given is None and has_unpacking(call):
            given = self._from_kwargs(call, keyword)
            if given is None:
                return None
            if given is _ABSENT:
                given = None
        if argument_value(call, "labels") is not None and self.values.literal(argument_value(call, "labels")) is None:
            return None  # labels=None: the dataset yields no labels
        mode = default if given is None else self.values.literal(given)
        return _LABEL_MODES.get(mode) if isinstance(mode, str) else None

    def _from_kwargs(self, call: cst.Call, keyword: str) -> Optional[cst.BaseExpression]:
        """`keyword`'s value inside a `**options` argument, or None; unknown dicts give None."""
        for arg in call.args:
            if arg.star != "**":
                if arg.star == "*":
                    return None
                continue
            options = self.values.resolve(arg.value)
            if isinstance(options, cst.Call) and isinstance(options.func, cst.Name) and options.func.value == "dict":
                if has_unpacking(options):
                    return None
                found = argument_value(options, keyword)
            elif isinstance(options, cst.Dict):
                if any(not isinstance(e, cst.DictElement) for e in options.elements):
                    return None
                found = next((e.value for e in options.elements
                              if self.values.literal(e.key) == keyword), None)  # type: ignore[union-attr]
            else:
                return None
            if found is not None:
                return found
        return _ABSENT

    def _element_labels(self, tensors: Optional[cst.BaseExpression], depth: int) -> Optional[str]:
        """`Dataset.from_tensor_slices((x, y))`: the encoding of `y`."""
        structure = self.values.resolve(tensors)
        if not isinstance(structure, cst.Tuple) or len(structure.elements) not in (2, 3):
            return None
        element = structure.elements[1]
        return None if isinstance(element, cst.StarredElement) else self._encoding(element.value, depth + 1)

    def _data_object_labels(self, definition: cst.CSTNode, depth: int) -> Optional[str]:
        """Labels of a local data object fed to `fit`: a `PyDataset`/`Sequence` subclass whose
        `__getitem__` returns `(x, y)`, or a generator function that yields `(x, y)`.

        Keras trains on the second element of every batch, so its encoding is the labels'
        encoding; it is resolved in the producing function's own scope.
        """
        if isinstance(definition, cst.ClassDef):
            if not self.facts.class_bases(definition) & _DATA_OBJECT_BASES:
                return None
            method = self._method(definition, "__getitem__", 0)
            return None if method is None else self._batch_labels(self.facts.returned_values(method), depth)
        if isinstance(definition, cst.FunctionDef) and _is_generator_function(definition):
            return self._batch_labels(_own_yields(definition), depth)
        return None

    def _generator_labels(self, generator: Optional[cst.BaseExpression], depth: int) -> Optional[str]:
        """`Dataset.from_generator(gen, ...)` or `from_generator(lambda: gen(a, b), ...)`."""
        if isinstance(generator, cst.Lambda):
            return self._encoding(generator.body, depth + 1)
        definition = self.facts.definition(generator)
        return None if definition is None else self._data_object_labels(definition, depth)

    def _method(self, cls: cst.ClassDef, name: str, depth: int) -> Optional[cst.FunctionDef]:
        """The class's own `def name`, else the first local base's; None if defined twice."""
        own = [s for s in cls.body.body if isinstance(s, cst.FunctionDef) and s.name.value == name]
        if own:
            return own[0] if len(own) == 1 else None
        for base in cls.bases if depth < _MAX_DEPTH else ():
            local = self.facts.definition(base.value)
            found = self._method(local, name, depth + 1) if isinstance(local, cst.ClassDef) else None
            if found is not None:
                return found
        return None

    def _batch_labels(self, batches: list[Optional[cst.BaseExpression]], depth: int) -> Optional[str]:
        """The one encoding of `y` across every returned/yielded `(x, y[, weights])`."""
        found = set()
        for batch in batches:
            structure = self.values.resolve(batch)
            if not isinstance(structure, cst.Tuple) or len(structure.elements) not in (2, 3):
                return None
            element = structure.elements[1]
            if isinstance(element, cst.StarredElement) or any(
                    isinstance(e, cst.StarredElement) for e in structure.elements):
                return None
            found.add(self._encoding(element.value, depth + 1))
        return found.pop() if len(found) == 1 else None

    def _subscript_encoding(self, node: cst.Subscript, depth: int) -> Optional[str]:
        if len(node.slice) != 1:
            return None
        base = self.trace(node.value)
        if base is not None and not base[1] and isinstance(base[0], cst.Call):
            if self.facts.call_name(base[0]) in _EYE_CALLS:
                return "one_hot"  # np.eye(n)[y]: row y of the identity
        index = node.slice[0].slice
        if isinstance(index, cst.Slice) or (
            isinstance(index, cst.Index) and not isinstance(index.value, (cst.Integer, cst.UnaryOperation,
                                                                          cst.SimpleString, cst.Tuple))
        ):
            return self._encoding(node.value, depth + 1)  # y[:1000], y[perm]: same encoding
        return None

    def _cast_encoding(self, inner: Optional[cst.BaseExpression], dtype_expr: Optional[cst.BaseExpression],
                       depth: int) -> Optional[str]:
        """`y.astype("int32")`: keeps a known encoding; otherwise integer labels.

        Not when the casted value is visibly multi-column (`df[["a", "b"]]`, a known 2-D shape
        with more than one column): that may be a one-hot or multi-label matrix.
        """
        known = self._encoding(inner, depth + 1)
        if known is not None:
            return known
        if not is_integer_dtype(self.dtype_of(dtype_expr)) or inner is None:
            return None
        if self._multi_column(inner):
            return None
        return "integer"

    def _multi_column(self, expr: cst.BaseExpression) -> bool:
        traced = self.trace(expr)
        node = traced[0] if traced else expr
        while isinstance(node, cst.Attribute) and node.attr.value == "values":
            node = node.value
        if isinstance(node, cst.Call) and method_name(node) == "to_numpy" and receiver(node) is not None:
            node = receiver(node)  # type: ignore[assignment]
        if isinstance(node, cst.Subscript):
            index = node.slice[0].slice if len(node.slice) == 1 else None
            if not isinstance(index, cst.Index) or isinstance(index.value, (cst.List, cst.Tuple)):
                return True
        if len(getattr(node, "slice", ())) > 1:
            return True
        info = self.info(expr)
        return info is not None and info.shape is not None and len(info.shape) >= 2 and info.shape[-1] != 1

    def _common_encoding(self, seq: Optional[cst.BaseExpression], depth: int) -> Optional[str]:
        seq = self.values.resolve(seq)
        if not isinstance(seq, (cst.List, cst.Tuple)) or not seq.elements:
            return None
        found = {self._encoding(e.value, depth + 1) for e in seq.elements
                 if not isinstance(e, cst.StarredElement)}
        if len(found) != 1 or any(isinstance(e, cst.StarredElement) for e in seq.elements):
            return None
        return found.pop()

    def _literal_labels(self, expr: cst.BaseExpression) -> Optional[str]:
        """`np.array([0, 2, 1])` -> integer; `np.array([[0, 1], [1, 0]])` -> one-hot."""
        value = self.values.literal(expr)
        if not isinstance(value, (list, tuple)) or not value:
            return None
        if all(_is_int(v) for v in value):
            return "integer"
        rows = [r for r in value if isinstance(r, (list, tuple))]
        if len(rows) != len(value) or not all(all(_is_int(v) for v in r) for r in rows):
            return None
        widths = {len(r) for r in rows}
        if widths == {1}:
            return "integer"
        if len(widths) == 1 and widths.pop() > 1 and all(sorted(r)[-1] == 1 and sum(r) == 1 and min(r) == 0
                                                         for r in rows):
            return "one_hot"
        return None

    def _drops_first(self, call: cst.Call, name: str) -> bool:
        if name != "pandas.get_dummies":
            return False
        drop = argument_value(call, "drop_first")
        return drop is not None and self.values.literal(drop) is not False

    def _constructed_by(self, expr: cst.BaseExpression, names: frozenset[str]) -> bool:
        value = self.values.resolve(expr)
        return isinstance(value, cst.Call) and self.facts.call_name(value) in names

    def _is_generator(self, expr: cst.BaseExpression) -> bool:
        return self._constructed_by(expr, frozenset({"numpy.random.default_rng", "numpy.random.Generator"}))

    # == array shapes and dtypes ================================================================
    def dtype_of(self, expr: Optional[cst.BaseExpression]) -> Optional[str]:
        """`"float32"` for `"float32"`, `"f4"`, `np.float32`, `tf.float32`, `float`, `np.dtype("f4")`."""
        if expr is None:
            return None
        text = self.values.string(expr)
        if text is not None:
            return _normalize_dtype(text)
        if isinstance(expr, cst.Name) and expr.value in _BUILTIN_DTYPES and self.values.binding_of(expr) is None:
            return _BUILTIN_DTYPES[expr.value]  # the builtin `float`, `int`, `bool`
        resolved = self.values.resolve(expr)
        if isinstance(resolved, cst.Call) and self.facts.call_name(resolved) == "numpy.dtype":
            return self.dtype_of(argument_value(resolved, "dtype", 0))
        name = self.facts.qualified_name(resolved) if resolved is not None else None
        if name is None or not name.startswith(_DTYPE_MODULES):
            return None
        return _normalize_dtype(name.rsplit(".", 1)[-1])

    def info(self, expr: Optional[cst.BaseExpression]) -> Optional[ArrayInfo]:
        """What is statically known about the array `expr` evaluates to; None if nothing."""
        return self._info(expr, 0)

    def nbytes(self, expr: Optional[cst.BaseExpression]) -> Optional[int]:
        info = self.info(expr)
        return None if info is None else info.nbytes

    def _info(self, expr: Optional[cst.BaseExpression], depth: int) -> Optional[ArrayInfo]:
        if depth > _MAX_DEPTH:
            return None
        traced = self.trace(expr)
        if traced is None:
            return None
        expr, path = traced
        if path:
            split = self._split_source(expr, path)
            if split is not None:
                inner = self._info(split, depth + 1)  # rows selected: the first dimension changes
                if inner is None or not inner.shape:
                    return inner
                rows = self._split_rows(expr, inner.shape[0], path[0])  # type: ignore[arg-type]
                return inner.with_(shape=None if rows is None else (rows,) + inner.shape[1:])
            return self._dataset_part(expr, path)
        if isinstance(expr, cst.Call):
            return self._call_info(expr, depth)
        if isinstance(expr, cst.BinaryOperation):
            return self._arithmetic_info(expr, depth)
        if isinstance(expr, cst.Subscript):
            return self._subscript_info(expr, depth)
        if isinstance(expr, cst.Attribute) and expr.attr.value == "T":
            inner = self._info(expr.value, depth + 1)
            return inner and inner.with_(shape=None if inner.shape is None else inner.shape[::-1])
        return None

    def _dataset_part(self, expr: cst.BaseExpression, path: tuple[int, ...]) -> Optional[ArrayInfo]:
        if not isinstance(expr, cst.Call) or len(path) != 2 or path[0] not in (0, 1) or path[1] not in (0, 1):
            return None
        parts = _DATASETS.get(self._dataset(expr) or "")
        return None if parts is None else parts[path[0]][path[1]].with_(bundled=True)

    # -- calls ---------------------------------------------------------------------------------
    def _call_info(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        if has_unpacking(call) and not _only_star_dims(call):
            return None
        name = self.facts.call_name(call)
        if name is not None:
            if name.startswith("numpy.random."):
                return self._random_info(name.rsplit(".", 1)[-1], call, legacy=True, depth=depth)
            builder = _NUMPY_BUILDERS.get(name)
            return builder(self, call, depth) if builder is not None else None
        method = method_name(call)
        target = receiver(call)
        if method is None or target is None:
            return None
        source = self.values.resolve(target)
        if isinstance(source, cst.Call):
            source_name = self.facts.call_name(source)
            if source_name in ("numpy.random.default_rng", "numpy.random.Generator"):
                return self._random_info(method, call, legacy=False, depth=depth)
            if source_name == "numpy.random.RandomState":
                return self._random_info(method, call, legacy=True, depth=depth)
        builder = _ARRAY_METHODS.get(method)
        return builder(self, call, target, depth) if builder is not None else None

    def _shape(self, expr: Optional[cst.BaseExpression]) -> Optional[tuple[int, ...]]:
        """A shape argument: an int or a tuple/list of ints (names followed)."""
        if expr is None:
            return None
        value = self.values.literal(expr)
        if _is_int(value):
            value = (value,)
        if isinstance(value, (tuple, list)) and all(_is_int(v) and v >= 0 for v in value):
            return tuple(value)
        return None

    def _random_info(self, function: str, call: cst.Call, legacy: bool, depth: int = 0) -> Optional[ArrayInfo]:
        """`np.random.rand(*dims)`, `np.random.normal(loc, scale, size)`, `rng.integers(...)`."""
        if function in ("rand", "randn") and legacy:
            dims = [self.values.literal(a.value) for a in _star_expanded(call, self.values)]
            if any(not _is_int(d) or d < 0 for d in dims):
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
        shape = self._shape(size_arg.value)
        dtype = default_dtype
        if dtype_position is not None:
            given = argument_value(call, "dtype", dtype_position)
            if given is not None:
                dtype = self.dtype_of(given)
        return None if shape is None else ArrayInfo(shape, dtype)

    def _permutation(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        """`permutation(n)`: n int64 indices; `permutation(a)`: a shuffled copy of `a`."""
        given = argument_value(call, "x", 0)
        count = self._length(given, depth)
        if count is not None:
            return ArrayInfo((count,), "int64")
        return self._info(given, depth + 1) if given is not None else None

    def _length(self, expr: Optional[cst.BaseExpression], depth: int) -> Optional[int]:
        """A non-negative int constant, or `len(a)` of an array with a known first dimension."""
        value = self.values.literal(expr)
        if _is_int(value):
            return value if value >= 0 else None
        call = self.values.resolve(expr)
        if (isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value == "len"
                and self.values.binding_of(call.func) is None and len(call.args) == 1 and not call.args[0].star):
            inner = self._info(call.args[0].value, depth + 1)
            return inner.shape[0] if inner is not None and inner.shape else None
        return None

    def _filled(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        """`np.zeros/ones/empty(shape, dtype=float)`."""
        dtype_expr = argument_value(call, "dtype", 1)
        dtype = "float64" if dtype_expr is None else self.dtype_of(dtype_expr)
        return ArrayInfo(self._shape(argument_value(call, "shape", 0)), dtype)

    def _full(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        dtype_expr = argument_value(call, "dtype", 2)
        if dtype_expr is not None:
            dtype = self.dtype_of(dtype_expr)
        else:
            dtype = _scalar_dtype(self.values.literal(argument_value(call, "fill_value", 1)))
        return ArrayInfo(self._shape(argument_value(call, "shape", 0)), dtype)

    def _like(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        """`np.zeros_like(a, dtype=None, shape=None)` (`full_like` takes fill_value second)."""
        name = self.facts.call_name(call) or ""
        offset = 1 if name.endswith("full_like") else 0
        source = self._info(argument_value(call, "a", 0), depth + 1)
        shape = self._shape(argument_value(call, "shape", 3 + offset))
        dtype_expr = argument_value(call, "dtype", 1 + offset)
        if source is None and shape is None:
            return None
        return ArrayInfo(
            shape if shape is not None else (source.shape if source else None),
            self.dtype_of(dtype_expr) if dtype_expr is not None else (source.dtype if source else None),
        )

    def _arange(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        bounds = [self.values.literal(a.value) for a in call.args if a.keyword is None]
        for key in ("start", "stop", "step"):
            given = argument_value(call, key)
            if given is not None:
                return None  # keyword bounds are rare; not worth the ambiguity
        if not 1 <= len(bounds) <= 3 or not all(_is_number(b) for b in bounds):
            return None
        start, stop, step = (0, bounds[0], 1) if len(bounds) == 1 else (*bounds[:2], bounds[2] if len(bounds) == 3 else 1)
        if step == 0:
            return None
        length = max(0, math.ceil((stop - start) / step))
        dtype_expr = argument_value(call, "dtype")
        dtype = self.dtype_of(dtype_expr) if dtype_expr is not None else (
            "int64" if all(_is_int(b) for b in bounds) else "float64")
        return ArrayInfo((length,), dtype)

    def _linspace(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        num_expr = argument_value(call, "num", 2)
        num = 50 if num_expr is None else self.values.literal(num_expr)
        dtype_expr = argument_value(call, "dtype", 5)
        dtype = "float64" if dtype_expr is None else self.dtype_of(dtype_expr)
        return ArrayInfo((num,), dtype) if _is_int(num) and num >= 0 else None

    def _array(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        """`np.array([[1, 2], [3, 4]])`, or a copy of a known array (`np.asarray(x)`)."""
        first = argument_value(call, "object", 0)
        dtype_expr = argument_value(call, "dtype", 1)
        given_dtype = self.dtype_of(dtype_expr) if dtype_expr is not None else None
        literal = self.values.literal(first) if first is not None else UNKNOWN
        if isinstance(literal, (list, tuple)):
            shape, dtype = _literal_shape(literal)
            if shape is None:
                return None
            return ArrayInfo(shape, given_dtype if dtype_expr is not None else dtype)
        inner = self._info(first, depth + 1)
        if inner is None:
            return None
        return inner.with_(dtype=given_dtype) if dtype_expr is not None else inner

    def _load(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        """`np.load(path)` reads the whole file; with `mmap_mode` it is memory-mapped (quiet)."""
        mmap = argument_value(call, "mmap_mode", 1)
        if mmap is not None and self.values.literal(mmap) is not None:
            return None
        return ArrayInfo(loaded=_short_source(self.facts.module, call))

    def _to_categorical(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        """`to_categorical(y, n)`: float32 of shape y.shape + (n,), a trailing 1 of y dropped."""
        labels = self._info(argument_value(call, "x", 0), depth + 1)
        classes = self.values.literal(argument_value(call, "num_classes", 1))
        if labels is None or labels.shape is None or not _is_int(classes):
            return None
        shape = labels.shape[:-1] if labels.shape and labels.shape[-1] == 1 and len(labels.shape) > 1 else labels.shape
        return ArrayInfo(shape + (classes,), "float32", bundled=labels.bundled)

    def _first_arg(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        return self._info(argument_value(call, "a", 0), depth + 1)

    def _np_reshape(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        inner = self._info(argument_value(call, "a", 0), depth + 1)
        new = argument_value(call, "newshape", 1) or argument_value(call, "shape")
        return _reshaped(inner, self._shape_with_unknown(new))

    def _np_ravel(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        inner = self._info(argument_value(call, "a", 0), depth + 1)
        return _reshaped(inner, (-1,))

    def _expand_dims(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        inner = self._info(argument_value(call, "a", 0), depth + 1)
        axis = self.values.literal(argument_value(call, "axis", 1))
        if inner is None or inner.shape is None or not _is_int(axis):
            return inner and inner.with_(shape=None)
        ndim = len(inner.shape) + 1
        if not -ndim <= axis < ndim:
            return None
        axis %= ndim
        return inner.with_(shape=inner.shape[:axis] + (1,) + inner.shape[axis:])

    def _joined(self, call: cst.Call, depth: int) -> Optional[ArrayInfo]:
        """`np.concatenate([a, b], axis=0)`, `np.vstack`, `np.stack` of known arrays."""
        name = (self.facts.call_name(call) or "").rsplit(".", 1)[-1]
        seq = self.values.resolve(argument_value(call, "arrays", 0) or argument_value(call, "tup", 0))
        if not isinstance(seq, (cst.List, cst.Tuple)) or not seq.elements:
            return None
        if any(isinstance(e, cst.StarredElement) for e in seq.elements):
            return None
        parts = [self._info(e.value, depth + 1) for e in seq.elements]
        if any(p is None or p.shape is None or p.dtype is None for p in parts):
            loaded = next((p.loaded for p in parts if p is not None and p.loaded), None)
            return ArrayInfo(loaded=loaded) if loaded else None
        shapes = [p.shape for p in parts]  # type: ignore[union-attr]
        dtypes = {p.dtype for p in parts}  # type: ignore[union-attr]
        dtype = dtypes.pop() if len(dtypes) == 1 else None
        axis = 0
        if name in ("concatenate", "stack"):
            axis_value = self.values.literal(argument_value(call, "axis", 1)) if argument(call, "axis", 1) else 0
            if not _is_int(axis_value):
                return None
            axis = axis_value
        if name == "vstack":
            shapes = [s if len(s) >= 2 else (1,) + s for s in shapes]  # type: ignore[operator]
        shape = _stack_shapes(shapes, axis, new_axis=name == "stack")  # type: ignore[arg-type]
        bundled = any(p.bundled for p in parts)  # type: ignore[union-attr]
        return None if shape is None else ArrayInfo(shape, dtype, bundled=bundled)

    # -- methods -------------------------------------------------------------------------------
    def _astype(self, call: cst.Call, target: cst.BaseExpression, depth: int) -> Optional[ArrayInfo]:
        inner = self._info(target, depth + 1)
        return inner and inner.with_(dtype=self.dtype_of(argument_value(call, "dtype", 0)))

    def _reshape_method(self, call: cst.Call, target: cst.BaseExpression, depth: int) -> Optional[ArrayInfo]:
        inner = self._info(target, depth + 1)
        positional = [a.value for a in call.args if a.keyword is None]
        if len(positional) == 1:
            new = self._shape_with_unknown(positional[0])
        elif positional:
            new = self._shape_with_unknown(cst.Tuple([cst.Element(v) for v in positional]))
        else:
            new = self._shape_with_unknown(argument_value(call, "shape"))
        return _reshaped(inner, new)

    def _flattened(self, call: cst.Call, target: cst.BaseExpression, depth: int) -> Optional[ArrayInfo]:
        return _reshaped(self._info(target, depth + 1), (-1,))

    def _copied(self, call: cst.Call, target: cst.BaseExpression, depth: int) -> Optional[ArrayInfo]:
        return self._info(target, depth + 1)

    def _shape_with_unknown(self, expr: Optional[cst.BaseExpression]) -> Optional[tuple[int, ...]]:
        """A reshape target: ints, one of which may be -1."""
        if expr is None:
            return None
        value = self.values.literal(expr)
        if _is_int(value):
            value = (value,)
        if isinstance(value, (tuple, list)) and all(_is_int(v) and v >= -1 for v in value):
            return tuple(value)
        return None

    # -- operators and indexing ----------------------------------------------------------------
    def _arithmetic_info(self, node: cst.BinaryOperation, depth: int) -> Optional[ArrayInfo]:
        """`x / 255.0`, `2 * x - 1`: an array with a Python scalar keeps its shape."""
        if not isinstance(node.operator, (cst.Add, cst.Subtract, cst.Multiply, cst.Divide,
                                          cst.FloorDivide, cst.Modulo, cst.Power)):
            return None
        left, right = self.values.literal(node.left), self.values.literal(node.right)
        if _is_number(right) and not _is_number(left):
            array, scalar = self._info(node.left, depth + 1), right
        elif _is_number(left) and not _is_number(right):
            array, scalar = self._info(node.right, depth + 1), left
        else:
            return self._normalized_info(node, depth)
        if array is None:
            return None
        return array.with_(dtype=_promote(array.dtype, scalar, isinstance(node.operator, cst.Divide)))

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
            array = self._info(array_side, depth + 1)
            if array is not None and is_float_dtype(array.dtype) and array.dtype == reduced:
                return array
        return None

    def _reduction_dtype(self, expr: cst.BaseExpression, depth: int) -> Optional[str]:
        """The dtype of `a.mean(...)`/`np.std(a, ...)` (+ a scalar) when `a` is a float array."""
        value = self.values.resolve(expr)
        if isinstance(value, cst.BinaryOperation) and _is_number(self.values.literal(value.right)):
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
        info = self._info(source, depth + 1)
        return info.dtype if info is not None and is_float_dtype(info.dtype) else None

    def _subscript_info(self, node: cst.Subscript, depth: int) -> Optional[ArrayInfo]:
        base_trace = self.trace(node.value)
        if base_trace is not None and not base_trace[1] and isinstance(base_trace[0], cst.Call):
            loaded = self._npz_member(base_trace[0], node)
            if loaded is not None:
                return loaded
        base = self._info(node.value, depth + 1)
        if base is None:
            return None
        if base.loaded:
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
        if not (_is_int(lower) and _is_int(upper)):
            return None
        length = len(range(base.shape[0])[lower:upper])
        return base.with_(shape=(length,) + base.shape[1:])

    def _index_rows(self, index: cst.BaseExpression, depth: int) -> Optional[int]:
        """Rows selected by `x[order]`: the length of a 1-D integer index array of known length.

        `np.random.permutation(n)`, `np.arange(n)`, `rng.permutation(n)` select n rows and keep
        the other dimensions. A scalar, a boolean mask or an index of unknown length: None.
        """
        found = self._info(index, depth + 1)
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
        if (path is None or not path.endswith(".npz")) and self._load(call, 0) is None:
            return None
        key = self.values.string(index.value)
        return ArrayInfo(loaded=f"{_short_source(self.facts.module, call)}[{key!r}]")

    # == what training calls receive ============================================================
    def fed_to(self, call: cst.Call) -> list[FedArray]:
        """The arrays a `fit`/`evaluate`/`predict`/... call receives, with their roles.

        Covers x and y (by keyword or position), `validation_data=(xv, yv[, w])`, and lists,
        tuples and dicts of arrays for multi-input/multi-output models. Arguments that are not
        arrays we know anything about are left out.
        """
        method = method_name(call)
        roles = FIT_METHODS.get(method or "")
        if roles is None:
            return []
        fed: list[FedArray] = []
        for position, role in enumerate(roles):
            fed += self._fed(role, argument_value(call, role, position), is_label=role == "y")
        if method == "fit":
            validation = argument_value(call, "validation_data", 7)
            resolved = self.values.resolve(validation)
            if isinstance(resolved, (cst.Tuple, cst.List)):
                for i, element in enumerate(resolved.elements[:2]):
                    if not isinstance(element, cst.StarredElement):
                        fed += self._fed(f"validation_data[{i}]", element.value, is_label=i == 1)
        return fed

    def dataset_sources(self, call: cst.Call) -> list[FedArray]:
        """The arrays given to `Dataset.from_tensor_slices(...)`/`from_tensors(...)`."""
        tensors = argument_value(call, "tensors", 0)
        structure = self.values.resolve(tensors)
        if isinstance(structure, cst.Tuple) and len(structure.elements) >= 2:
            # (features, labels[, weights]): the usual supervised layout.
            return [fed for i, e in enumerate(structure.elements) if not isinstance(e, cst.StarredElement)
                    for fed in self._fed(f"tensors[{i}]", e.value, is_label=i > 0)]
        return self._fed("tensors", tensors)

    def _fed(self, role: str, expr: Optional[cst.BaseExpression], depth: int = 0,
             is_label: bool = False) -> list[FedArray]:
        if expr is None or depth > 4:
            return []
        structure = self.values.resolve(expr)
        if isinstance(structure, (cst.Tuple, cst.List)):
            return [fed for i, e in enumerate(structure.elements) if not isinstance(e, cst.StarredElement)
                    for fed in self._fed(f"{role}[{i}]", e.value, depth + 1, is_label)]
        if isinstance(structure, cst.Dict):
            out: list[FedArray] = []
            for element in structure.elements:
                if isinstance(element, cst.DictElement):
                    key = self.values.literal(element.key)
                    label = f"{role}[{key!r}]" if isinstance(key, str) else f"{role}[...]"
                    out += self._fed(label, element.value, depth + 1, is_label)
            return out
        info = self.info(expr)
        if info is None or (info.nbytes is None and not info.loaded):
            return []
        return [FedArray(role, expr, info, is_label)]

    # == who is being fit =======================================================================
# -- builders by canonical name -------------------------------------------------------------------
_NUMPY_BUILDERS = {
    "numpy.zeros": ArrayFacts._filled, "numpy.ones": ArrayFacts._filled,
    "numpy.empty": ArrayFacts._filled, "numpy.full": ArrayFacts._full,
    "numpy.zeros_like": ArrayFacts._like, "numpy.ones_like": ArrayFacts._like,
    "numpy.empty_like": ArrayFacts._like, "numpy.full_like": ArrayFacts._like,
    "numpy.arange": ArrayFacts._arange, "numpy.linspace": ArrayFacts._linspace,
    "numpy.array": ArrayFacts._array, "numpy.asarray": ArrayFacts._array,
    "numpy.ascontiguousarray": ArrayFacts._array, "numpy.copy": ArrayFacts._first_arg,
    "numpy.load": ArrayFacts._load, "numpy.concatenate": ArrayFacts._joined,
    "numpy.vstack": ArrayFacts._joined, "numpy.stack": ArrayFacts._joined,
    "numpy.reshape": ArrayFacts._np_reshape, "numpy.ravel": ArrayFacts._np_ravel,
    "numpy.expand_dims": ArrayFacts._expand_dims,
    "keras.utils.to_categorical": ArrayFacts._to_categorical,
}
_ARRAY_METHODS = {
    "astype": ArrayFacts._astype, "reshape": ArrayFacts._reshape_method,
    "flatten": ArrayFacts._flattened, "ravel": ArrayFacts._flattened, "copy": ArrayFacts._copied,
}
_REDUCTION_METHODS = frozenset({"mean", "std", "var", "min", "max"})
_NUMPY_REDUCTIONS = frozenset({"numpy.mean", "numpy.std", "numpy.var", "numpy.min", "numpy.max",
                               "numpy.amin", "numpy.amax"})
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


# -- helpers -------------------------------------------------------------------------------------
def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _constant_index(expr: cst.BaseExpression, values) -> Optional[int]:
    """`i` in `expr[i]` when it is a non-negative integer constant."""
    if not isinstance(expr, cst.Subscript) or len(expr.slice) != 1:
        return None
    index = expr.slice[0].slice
    if not isinstance(index, cst.Index):
        return None
    value = values.literal(index.value)
    return value if _is_int(value) and value >= 0 else None


def _is_generator_function(function: cst.FunctionDef) -> bool:
    return any(isinstance(node, cst.Yield) for node in descendants(function.body))


def _own_yields(function: cst.FunctionDef) -> list[Optional[cst.BaseExpression]]:
    """What the function itself yields (not nested defs/lambdas); None for a bare `yield` or
    `yield from` (values we cannot see)."""
    found: list[Optional[cst.BaseExpression]] = []
    stack: list[cst.CSTNode] = [function.body]
    while stack:
        node = stack.pop()
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            continue
        if isinstance(node, cst.Yield):
            found.append(node.value if isinstance(node.value, cst.BaseExpression) else None)
        stack.extend(children(node))
    return found


def _only_star_dims(call: cst.Call) -> bool:
    """`np.random.rand(*shape)`: the one unpacking we can follow."""
    return len(call.args) == 1 and call.args[0].star == "*"


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


def _scalar_dtype(value: Any) -> Optional[str]:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64"
    if isinstance(value, float):
        return "float64"
    return None


def _promote(dtype: Optional[str], scalar: Any, true_division: bool) -> Optional[str]:
    """NEP 50 for array-with-Python-scalar (see the module docstring)."""
    if dtype is None:
        return None
    if is_float_dtype(dtype) or dtype.startswith("complex"):
        return dtype
    if true_division or isinstance(scalar, float):
        return "float64"
    return dtype if is_integer_dtype(dtype) else None


def _reshaped(inner: Optional[ArrayInfo], new: Optional[tuple[int, ...]]) -> Optional[ArrayInfo]:
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


def _stack_shapes(shapes: list[tuple[int, ...]], axis: int, new_axis: bool) -> Optional[tuple[int, ...]]:
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


def _literal_shape(value: Any) -> tuple[Optional[tuple[int, ...]], Optional[str]]:
    """Shape and default dtype of a nested list literal; (None, None) if ragged or non-numeric."""
    if isinstance(value, (list, tuple)):
        if not value:
            return (0,), "float64"
        inner = [_literal_shape(v) for v in value]
        shapes = {s for s, _ in inner}
        if len(shapes) != 1 or None in shapes:
            return None, None
        dtypes = {d for _, d in inner}
        dtype = ("complex128" if "complex128" in dtypes else "float64" if "float64" in dtypes
                 else "int64" if "int64" in dtypes else "bool")
        return (len(value),) + shapes.pop(), dtype  # type: ignore[operator]
    dtype = _scalar_dtype(value)
    return ((), dtype) if dtype is not None else (None, None)


def _short_source(module: cst.Module, node: cst.CSTNode, limit: int = 60) -> str:
    text = " ".join(module.code_for_node(node).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def fed_summary(fed: list[FedArray]) -> str:
    """`x: (1000000, 784) float64 = 5.8 GiB, and 2 smaller arrays`: the arrays that matter."""
    sized = sorted((f for f in fed if f.info.nbytes is not None), key=lambda f: -f.info.nbytes)  # type: ignore[operator]
    total = sum(f.info.nbytes for f in sized)  # type: ignore[misc]
    shown = [f for f in sized if f.info.nbytes * 20 >= total][:3] or sized[:1]  # type: ignore[operator]
    text = "; ".join(f"{f.role}: {f.info.describe()}" for f in shown)
    rest = len(sized) - len(shown)
    return text + (f"; and {rest} smaller array{'s' if rest > 1 else ''}" if rest else "")
