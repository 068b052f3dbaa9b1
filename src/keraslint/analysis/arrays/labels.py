"""How classification labels are encoded: `"one_hot"`, `"integer"` (class indices) or None.

Read from what makes the labels (`to_categorical`, `np.eye(n)[y]`, `LabelEncoder`, `argmax`,
literal arrays, bundled classification data sets), through functions that keep an array's
elements (reshape, cast, slicing), and for what `fit` receives as `x` alone: a `tf.data`
pipeline, a directory dataset (`label_mode`), a local `PyDataset`/`Sequence` or a generator
(the labels of its batches).
"""

from __future__ import annotations

from typing import Any, Optional

import libcst as cst

from keraslint.analysis.arrays.dtypes import dtype_of, is_int, is_integer_dtype
from keraslint.analysis.arrays.info import CLASSIFICATION_DATASETS, MAX_DEPTH
from keraslint.analysis.arrays.shapes import ArrayShapes
from keraslint.analysis.arrays.tracing import ArrayTracer, is_generator_function
from keraslint.analysis.calls import argument, argument_value, has_unpacking, method_name, receiver
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.walk import children

_ABSENT: Any = cst.Name("__absent__")  # a `**options` dict known not to hold the keyword

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



class LabelEncodings:
    def __init__(self, facts: CoreFacts, tracer: ArrayTracer, shapes: ArrayShapes) -> None:
        self.facts = facts
        self.values = facts.values
        self.tracer = tracer
        self.shapes = shapes
        self._memo: dict[tuple[Optional[cst.BaseExpression], int], Optional[str]] = {}

    def label_encoding(self, expr: Optional[cst.BaseExpression]) -> Optional[str]:
        """`"one_hot"`, `"integer"` (class indices) or None (unknown) for a label array.

        Also for what `fit` receives as `x` alone: a `tf.data` pipeline, a directory dataset,
        a local `PyDataset`/`Sequence` instance or a generator (the labels of its batches).
        """
        return self._encoding(expr, 0)

    def _encoding(self, expr: Optional[cst.BaseExpression], depth: int) -> Optional[str]:
        """Remembered per (expression, depth), as `ArrayShapes.info_at` is."""
        key = (expr, depth)
        if key not in self._memo:
            self._memo[key] = self._encoding_at(expr, depth)
        return self._memo[key]

    def _encoding_at(self, expr: Optional[cst.BaseExpression], depth: int) -> Optional[str]:
        found = self._source_encoding(expr, depth)
        if found == "integer" and self._per_class_rows(expr, depth):
            return None
        return found

    def _per_class_rows(self, expr: Optional[cst.BaseExpression], depth: int) -> bool:
        """Integer values are class indices only when the shape says so: one per sample,
        `(N,)` or `(N, 1)`. `randint(2, size=(N, 4))` are rows of one value per class
        (multi-hot targets, counts), whatever their values."""
        info = self.shapes.info_at(expr, depth + 1)
        return info is not None and info.shape is not None and len(info.shape) >= 2 \
            and info.shape[-1] != 1

    def _source_encoding(self, expr: Optional[cst.BaseExpression], depth: int) -> Optional[str]:
        """The encoding what makes the labels gives them, before their shape is checked."""
        if depth > MAX_DEPTH:
            return None
        traced = self.tracer.trace(expr)
        if traced is None:
            return None
        expr, path = traced
        if path:
            split = self.tracer.split_source(expr, path)
            if split is not None:
                return self._encoding(split, depth + 1)
            if isinstance(expr, cst.Call) and len(path) == 2 and path[0] in (0, 1) and path[1] == 1:
                if self.tracer.dataset_name(expr) in CLASSIFICATION_DATASETS:
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
        if isinstance(definition, cst.FunctionDef) and is_generator_function(definition):
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
        for base in cls.bases if depth < MAX_DEPTH else ():
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
        base = self.tracer.trace(node.value)
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
        if not is_integer_dtype(dtype_of(self.facts, dtype_expr)) or inner is None:
            return None
        if self._multi_column(inner):
            return None
        return "integer"

    def _multi_column(self, expr: cst.BaseExpression) -> bool:
        traced = self.tracer.trace(expr)
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
        info = self.shapes.info(expr)
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
        if all(is_int(v) for v in value):
            return "integer"
        rows = [r for r in value if isinstance(r, (list, tuple))]
        if len(rows) != len(value) or not all(all(is_int(v) for v in r) for r in rows):
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

