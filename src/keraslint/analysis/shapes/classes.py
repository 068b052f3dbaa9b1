"""How many classes the labels of a classifier have, as the code states them.

`class_count(y)` answers a `ClassCount` when the code fixes it, else None:

- stated (`exact=True`): `to_categorical(y, num_classes=7)`, `tf.one_hot(y, depth)`,
  `np.eye(7)[y]`, `image_dataset_from_directory(..., class_names=[...])` with a literal list,
  `len(CLASS_NAMES)` of a literal list wherever a count is written;
- implied by the largest label (`exact=False`: the output needs at least that many units):
  `randint(0, 7, ...)` / `rng.integers(0, 7, ...)`, a literal label array, a bundled
  classification data set (`mnist`: 10, `cifar100`: 100 or 20 coarse, `reuters`: 46).

Labels are followed through names, splits, casts, reshapes and slicing, and through
`Dataset.from_tensor_slices((x, y))` pipelines (their second element).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.arrays import ArrayFacts
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.shapes.dims import Evaluator
from keraslint.analysis.shapes.ranges import ValueRanges
from keraslint.analysis.shapes.sources import bundled_part, origin

_MAX_DEPTH = 16
_ONE_HOT = {"keras.utils.to_categorical": ("num_classes", 1), "tensorflow.one_hot": ("depth", 1),
            "keras.ops.one_hot": ("num_classes", 1), "keras.backend.one_hot": ("num_classes", 1)}
_EYE = frozenset({"numpy.eye", "numpy.identity"})
_DIRECTORY_DATASETS = frozenset({
    "keras.utils.image_dataset_from_directory", "keras.utils.text_dataset_from_directory",
    "keras.utils.audio_dataset_from_directory", "keras.preprocessing.image_dataset_from_directory",
    "keras.preprocessing.text_dataset_from_directory",
})
_BUNDLED = {"mnist": 10, "fashion_mnist": 10, "cifar10": 10, "reuters": 46, "imdb": 2}
_PRESERVING_FUNCTIONS = frozenset({
    "numpy.squeeze", "numpy.ravel", "numpy.reshape", "numpy.asarray", "numpy.array", "numpy.copy",
    "numpy.asanyarray", "tensorflow.squeeze", "tensorflow.reshape", "tensorflow.cast",
    "tensorflow.convert_to_tensor", "tensorflow.constant", "keras.ops.convert_to_tensor",
    "keras.ops.cast", "keras.ops.squeeze", "keras.ops.reshape",
})
_PRESERVING_METHODS = frozenset({"reshape", "flatten", "ravel", "squeeze", "copy", "to_numpy",
                                 "astype", "batch", "shuffle", "prefetch", "cache", "repeat",
                                 "take", "skip", "shard", "with_options", "filter", "unbatch"})


@dataclass(frozen=True)
class ClassCount:
    """`count` classes; `exact`: the code states the count (a one-hot width, a class list),
    else the count is the largest label + 1 (the output needs at least that many units).
    `node` is where the code states it; `how` says it in a message."""

    count: int
    exact: bool
    node: cst.CSTNode
    how: str


class ClassCounts:
    def __init__(self, facts: CoreFacts, arrays: ArrayFacts, evaluator: Evaluator,
                 ranges: ValueRanges) -> None:
        self.facts = facts
        self.values = facts.values
        self.arrays = arrays
        self.evaluator = evaluator
        self.ranges = ranges

    def class_count(self, expr: Optional[cst.BaseExpression]) -> Optional[ClassCount]:
        return self._count(expr, 0)

    def _count(self, expr: Optional[cst.BaseExpression], depth: int) -> Optional[ClassCount]:
        if expr is None or depth > _MAX_DEPTH:
            return None
        traced = origin(self.arrays, expr)
        if traced is None:
            return None
        node, path = traced
        if path:
            return self._bundled(node, path)
        if isinstance(node, cst.Call):
            return self._call(node, depth)
        if isinstance(node, cst.Subscript):
            return self._subscript(node, depth)
        if isinstance(node, cst.Attribute) and node.attr.value == "values":
            return self._count(node.value, depth + 1)
        return None

    def _bundled(self, node: cst.BaseExpression, path: tuple[int, ...]) -> Optional[ClassCount]:
        dataset = bundled_part(self.facts, node, path)
        if dataset is None:
            return None
        count = _BUNDLED.get(dataset)
        if dataset == "cifar100":
            mode = calls.argument_value(node, "label_mode", 0)
            value = "fine" if mode is None else self.values.literal(mode)
            count = {"fine": 100, "coarse": 20}.get(value)  # type: ignore[arg-type]
        if count is None:
            return None
        return ClassCount(count, False, node, f"`{dataset}` labels have {count} classes")

    def _call(self, call: cst.Call, depth: int) -> Optional[ClassCount]:
        name = self.facts.call_name(call)
        if name in _ONE_HOT:
            keyword, position = _ONE_HOT[name]
            arg = calls.argument(call, keyword, position)
            if arg is None:
                return self._largest_label(calls.argument_value(call, "x", 0), call, depth)
            count = self.evaluator.int_value(arg.value)
            if count is None or count < 1:
                return None
            return ClassCount(count, True, arg, f"`{keyword}={_source(self.facts, arg.value)}`"
                              + ("" if _literal_text(arg.value) else f" = {count}"))
        if name in _DIRECTORY_DATASETS:
            return self._directory(call)
        if name in ("tensorflow.data.Dataset.from_tensor_slices",):
            pair = self.values.resolve(calls.argument_value(call, "tensors", 0))
            if isinstance(pair, cst.Tuple) and len(pair.elements) in (2, 3) and not isinstance(
                    pair.elements[1], cst.StarredElement):
                return self._count(pair.elements[1].value, depth + 1)
            return None
        if name in ("numpy.random.randint",) or (
                name is None and calls.method_name(call) == "integers"):
            return self._from_range(call, call, depth)
        if name in ("numpy.array", "numpy.asarray"):
            literal = self.values.literal(calls.argument_value(call, "object", 0))
            if isinstance(literal, (list, tuple)):
                return self._from_range(call, call, depth)
        if name in _PRESERVING_FUNCTIONS:
            return self._count(calls.argument_value(call, "x", 0)
                               or calls.argument_value(call, "a", 0), depth + 1)
        if name is None and calls.method_name(call) in _PRESERVING_METHODS:
            return self._count(calls.receiver(call), depth + 1)
        return None

    def _largest_label(self, labels: Optional[cst.BaseExpression], node: cst.CSTNode,
                       depth: int) -> Optional[ClassCount]:
        """`to_categorical(y)` without `num_classes`: one column per label up to the largest."""
        inner = self._count(labels, depth + 1)
        if inner is None:
            return None
        return ClassCount(inner.count, True, inner.node, inner.how)

    def _from_range(self, labels: cst.BaseExpression, node: cst.CSTNode,
                    depth: int) -> Optional[ClassCount]:
        found = self.ranges.value_range(labels)
        if found is None or found.typical or found.low < 0 or not float(found.high).is_integer() \
                or found.high > 100000:
            return None
        count = int(found.high) + 1
        return ClassCount(count, False, node,
                          f"`{_source(self.facts, node)}` gives labels up to {count - 1}")

    def _subscript(self, node: cst.Subscript, depth: int) -> Optional[ClassCount]:
        base = self.values.resolve(node.value)
        if isinstance(base, cst.Call) and self.facts.call_name(base) in _EYE:
            arg = calls.argument(base, "N", 0)
            count = self.evaluator.int_value(arg.value) if arg is not None else None
            if count is None or count < 1:
                return None
            return ClassCount(count, True, base, f"`{_source(self.facts, base)}` rows of "
                              f"{count} columns")
        return self._count(node.value, depth + 1)

    def _directory(self, call: cst.Call) -> Optional[ClassCount]:
        arg = calls.argument(call, "class_names")
        if arg is None:
            return None
        value = self.evaluator.value(arg.value)
        if not isinstance(value, (tuple, list)) or not value:
            return None
        mode = calls.argument_value(call, "label_mode")
        if mode is not None and self.values.literal(mode) == "binary":
            return None
        return ClassCount(len(value), True, arg, f"`class_names` lists {len(value)} classes")


def _source(facts: CoreFacts, node: cst.CSTNode, limit: int = 50) -> str:
    text = " ".join(facts.module.code_for_node(node).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _literal_text(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Integer)
