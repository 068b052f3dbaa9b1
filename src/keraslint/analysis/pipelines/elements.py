"""The pixels a pipeline's elements carry: `x` of `(x, y)` (or the element itself), followed
from the source through every `map`.

`from_tensor_slices((x_train, y_train))` carries what `x_train` holds (raw `mnist.load_data()`
pixels, or pixels scaled by `/ 255.0`); `image_dataset_from_directory` yields float32 pixels in
0-255; a tfds image data set yields uint8 pixels (`(image, label)` with `as_supervised=True`,
else a feature dict with "image"). A `map` applies its function to the element (a lambda or a
local def, its parameters bound to the element's parts); operations that neither map nor
combine keep the element. Anything else: unknown.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.layers import literal
from keraslint.analysis.pipelines.catalogue import (
    BATCH,
    CACHE,
    KEEP,
    MAP,
    PREFETCH,
    REPEAT,
    SHUFFLE,
    TFDS_IMAGE_DATASETS,
    UNBATCH,
)
from keraslint.analysis.pipelines.pipeline import Origin, Pipeline
from keraslint.analysis.pipelines.ranges import PixelRange, PixelRanges, Value, raw

_KEEPS_ELEMENTS = frozenset({BATCH, UNBATCH, SHUFFLE, REPEAT, CACHE, PREFETCH, KEEP})
_ABSENT = object()


class ElementPixels:
    def __init__(self, facts, ranges: PixelRanges) -> None:
        self.facts = facts
        self.ranges = ranges
        self._cache: dict[int, tuple[Pipeline, object]] = {}

    def inputs(self, pipeline: Optional[Pipeline]) -> Optional[PixelRange]:
        """The pixels of the model inputs the pipeline yields (`x` of `(x, y)`), if known."""
        if pipeline is None:
            return None
        element = self.element(pipeline)
        if isinstance(element, tuple):
            element = element[0] if element else None
        return element if isinstance(element, PixelRange) else None

    def element(self, pipeline: Pipeline) -> Value:
        """Folded once per node, like the state (see `States.state_of`)."""
        pending, node = [], pipeline
        while id(node) not in self._cache or self._cache[id(node)][0] is not node:
            if node.step is None:
                self._cache[id(node)] = (node, self._head(node))
                break
            pending.append(node)
            node = node.head  # type: ignore[assignment]
        element = self._cache[id(node)][1]
        for later in reversed(pending):
            element = self._after(element, later.step)  # type: ignore[arg-type]
            self._cache[id(later)] = (later, element)
        return element  # type: ignore[return-value]

    def _head(self, head: Pipeline) -> Value:
        if isinstance(head.head, Origin):
            return self._origin(head.head)
        parts = [self.element(p) for p in head.alternatives]
        return parts[0] if all(_same(parts[0], p) for p in parts[1:]) else None

    def _after(self, element: Value, step) -> Value:
        if element is None or step.effect in _KEEPS_ELEMENTS:
            return element
        if step.effect == MAP and not calls.has_unpacking(step.call):
            function = calls.argument_value(step.call, "map_func", 0)
            given = list(element) if isinstance(element, tuple) else [element]
            return self.ranges.apply(function, given)
        return None

    def _origin(self, origin: Origin) -> Value:
        spec = origin.spec
        if spec is None:
            return None
        if spec.images:  # image_dataset_from_directory: (images, labels), or images alone
            labels = calls.argument(origin.node, "labels", 1)  # type: ignore[arg-type]
            pixels = raw(origin.node, f"`{spec.kind}(...)`", "float")
            if labels is not None and literal(self.facts, labels.value, origin.ctx) is None:
                return pixels
            return (pixels, None)
        if spec.kind == "tfds.load":
            if origin.tfds_name not in TFDS_IMAGE_DATASETS:
                return None
            pixels = raw(origin.node, f"`tfds.load(\"{origin.tfds_name}\")`")
            if origin.supervised is True:
                return (pixels, None)
            return {"image": pixels} if origin.supervised is False else None
        if spec.kind in ("from_tensor_slices", "from_tensors") and origin.element_source is not None:
            structure = origin.element_source
            if isinstance(structure, cst.Name):
                resolved = self.facts.values.resolve(structure)
                structure = resolved if isinstance(resolved, (cst.Tuple, cst.List)) else structure
            env = {param: None if given is None else self.ranges.value_of(given, {})
                   for param, given in origin.ctx.env.items()}
            if isinstance(structure, cst.Tuple):
                if any(isinstance(e, cst.StarredElement) for e in structure.elements):
                    return None
                return tuple(self.ranges.range_of(e.value, env) for e in structure.elements)
            if isinstance(structure, cst.Dict):
                return None
            return self.ranges.range_of(structure, env)
        return None


def _same(first: Value, second: Value) -> bool:
    if isinstance(first, tuple) and isinstance(second, tuple):
        return len(first) == len(second) and all(_same(a, b) for a, b in zip(first, second))
    if isinstance(first, PixelRange) and isinstance(second, PixelRange):
        return (first.lo, first.hi, first.preprocessed, first.changed) == \
            (second.lo, second.hi, second.preprocessed, second.changed)
    return first is second
