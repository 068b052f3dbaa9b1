"""The shape of the data a model is fed: NumPy arrays, `tf.data` pipelines over arrays, and the
directory datasets whose image size the code states.

`features_shape(x)` is the shape of what `fit(x, ...)` hands the model, leading dimension first
(the number of samples of an array, the batch size of a batched dataset, None when unknown):

- an array: its static shape (`facts.arrays.info`);
- `Dataset.from_tensor_slices(x)` / `((x, y))`: x's shape without its first dimension per
  element; `.batch(b)` prepends b; order-only steps (`shuffle`, `prefetch`, `cache`, `repeat`,
  `take`...) keep it; `map` and anything else make it unknown;
- `image_dataset_from_directory(image_size=(h, w), batch_size=b, color_mode=...)` and
  `ImageDataGenerator().flow_from_directory(target_size=..., ...)`: `(b, h, w, channels)`.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.arrays import ArrayFacts
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.shapes.dims import Evaluator, Shape, is_int

_MAX_CHAIN = 16
_ORDER_ONLY = frozenset({"shuffle", "prefetch", "cache", "repeat", "take", "skip", "shard",
                         "with_options", "filter", "ignore_errors", "apply_options"})
_DIRECTORY_DATASETS = frozenset({
    "keras.utils.image_dataset_from_directory", "keras.preprocessing.image_dataset_from_directory",
})
_SLICES = frozenset({"tensorflow.data.Dataset.from_tensor_slices"})
_TENSORS = frozenset({"tensorflow.data.Dataset.from_tensors"})
_CHANNELS = {"rgb": 3, "grayscale": 1, "rgba": 4}


class DataShapes:
    def __init__(self, facts: CoreFacts, arrays: ArrayFacts, evaluator: Evaluator) -> None:
        self.facts = facts
        self.arrays = arrays
        self.evaluator = evaluator

    def features_shape(self, expr: Optional[cst.BaseExpression]) -> Shape:
        """What `fit(expr)` hands the model, leading (sample or batch) dimension first."""
        info = self.arrays.info(expr)
        if info is not None and info.shape is not None:
            return tuple(info.shape)
        return self._dataset(expr, 0)

    def _dataset(self, expr: Optional[cst.BaseExpression], depth: int) -> Shape:
        """A batched dataset's features, batch dimension first; None for anything unsure
        (an unbatched dataset included: `fit` expects batches)."""
        element, batched = self._element(expr)
        return element if batched else None

    def _element(self, expr: Optional[cst.BaseExpression]) -> tuple[Shape, bool]:
        """(features shape, batched?) of the dataset `expr`; the shape of a batched dataset
        starts with its batch size (None when unknown)."""
        value = self.facts.values.resolve(expr)
        for _ in range(_MAX_CHAIN):
            if not isinstance(value, cst.Call):
                return None, False
            name = self.facts.call_name(value)
            if name in _SLICES or name in _TENSORS:
                return self._from_tensors(value, sliced=name in _SLICES), False
            if name in _DIRECTORY_DATASETS:
                return self._directory(value)
            method = calls.method_name(value)
            if method == "flow_from_directory":
                return self._flow_from_directory(value), True
            if method in ("batch", "padded_batch"):
                inner, batched = self._element(calls.receiver(value))
                if inner is None or batched:
                    return None, False
                size = self.evaluator.int_value(calls.argument_value(value, "batch_size", 0))
                return (size, *inner), True
            if method not in _ORDER_ONLY:
                return None, False
            value = self.facts.values.resolve(calls.receiver(value))
        return None, False

    def _from_tensors(self, call: cst.Call, sliced: bool) -> Shape:
        """One element's features: x's shape without its first dimension for slices, x's
        whole shape for `from_tensors`."""
        tensors = self.facts.values.resolve(calls.argument_value(call, "tensors", 0))
        if isinstance(tensors, cst.Tuple) and tensors.elements:
            first = tensors.elements[0]
            if isinstance(first, cst.StarredElement):
                return None
            tensors = first.value
        elif isinstance(tensors, (cst.Dict, cst.List)):
            return None
        info = self.arrays.info(tensors)
        if info is None or info.shape is None or (sliced and not info.shape):
            return None
        return tuple(info.shape[1:]) if sliced else tuple(info.shape)

    def _directory(self, call: cst.Call) -> tuple[Shape, bool]:
        size = self._pair(call, "image_size", (256, 256))
        channels = self._channels(call, "color_mode")
        if size is None or channels is None:
            return None, False
        batch = calls.argument(call, "batch_size")
        if batch is None:
            if calls.has_unpacking(call):
                return None, False
            return (32, size[0], size[1], channels), True
        count = self.evaluator.value(batch.value)
        if count is None:
            return (size[0], size[1], channels), False
        return (count if is_int(count) else None, size[0], size[1], channels), True

    def _flow_from_directory(self, call: cst.Call) -> Shape:
        size = self._pair(call, "target_size", (256, 256))
        channels = self._channels(call, "color_mode")
        if size is None or channels is None:
            return None
        batch = calls.argument(call, "batch_size")
        count = 32 if batch is None else self.evaluator.int_value(batch.value)
        return (count, size[0], size[1], channels)

    def _pair(self, call: cst.Call, keyword: str, default: tuple[int, int]
              ) -> Optional[tuple[int, int]]:
        arg = calls.argument(call, keyword)
        if arg is None:
            return None if calls.has_unpacking(call) else default
        value = self.evaluator.value(arg.value)
        if isinstance(value, tuple) and len(value) == 2 and all(is_int(v) for v in value):
            return value  # type: ignore[return-value]
        return None

    def _channels(self, call: cst.Call, keyword: str) -> Optional[int]:
        arg = calls.argument(call, keyword)
        if arg is None:
            return None if calls.has_unpacking(call) else 3
        value = self.evaluator.value(arg.value)
        return _CHANNELS.get(value.lower()) if isinstance(value, str) else None
