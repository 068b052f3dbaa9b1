"""What a model does to its input before it learns from it: the first layer with weights on
the path from the input (`Conv2D`, `Dense`, ...) or the `keras.applications` model it feeds,
and the pixels that reach it when the model is fed pixels in a known range.

A `Sequential` model is read layer by layer; a functional model is followed back from its
output to its `Input` along single-input layers, ops (`preprocess_input`, `tf.cast`, `x / 255`)
and nested models; a `keras.applications` model used as the whole model is its own first
consumer. Whatever the path holds that we cannot read (a custom layer, a `Lambda`, a helper,
a merge of several tensors, a subclassed model) makes the answer None.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import (
    UNITS,
    UNKNOWN_LAYER,
    Context,
    describe,
    describe_op,
    layer_kind,
    literal,
    op_input,
    resolve,
)
from keraslint.analysis.models import APPLICATION, FUNCTIONAL, SEQUENTIAL, ModelFact, ModelFacts
from keraslint.analysis.pipelines.catalogue import (
    APPLICATION_MODE,
    BUILT_IN,
    LEARNED_KINDS,
    OPTIONAL_BUILT_IN,
    RANDOM_LAYERS,
    TF_MODE,
    VALUE_PRESERVING_LAYERS,
    VALUE_PRESERVING_OPS,
)
from keraslint.analysis.pipelines.ranges import PixelRange, PixelRanges
from keraslint.analysis.values import UNKNOWN

_MAX_STEPS = 100


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
_INPUTS = frozenset({"keras.Input", "keras.layers.InputLayer"})


@dataclass(frozen=True)
class Application:
    """A `keras.applications` model: its name, the input its weights expect, and whether
    it loads the ImageNet weights (`weights="imagenet"`, the default)."""

    node: cst.Call = field(repr=False)
    name: str
    mode: Optional[str]  # catalogue.CAFFE / TF_MODE / TORCH / BUILT_IN
    pretrained: Optional[bool]


@dataclass(frozen=True)
class Consumer:
    """The first layer with weights (or application) a model's input reaches, and the pixels
    that reach it. `pixels` is None when what happens on the way is unknown."""

    node: cst.CSTNode = field(repr=False)
    kind: str
    application: Optional[Application]
    pixels: Optional[PixelRange]


class ModelInputs:
    def __init__(self, facts: CoreFacts, models: ModelFacts, ranges: PixelRanges) -> None:
        self.facts = facts
        self.models = models
        self.ranges = ranges

    def application(self, node: Optional[cst.CSTNode]) -> Optional[Application]:
        """The application a construction call builds, with its mode and weights."""
        if not isinstance(node, cst.Call):
            return None
        name = self.facts.call_name(node) or ""
        parts = name.split(".")
        if len(parts) < 3 or parts[:2] != ["keras", "applications"] or not parts[-1][:1].isupper():
            return None
        short = parts[-1]
        mode = APPLICATION_MODE.get(short)
        if mode == BUILT_IN and short in OPTIONAL_BUILT_IN:
            given = calls.argument(node, "include_preprocessing")
            if given is not None:
                value = literal(self.facts, given.value)
                mode = BUILT_IN if value is True else (TF_MODE if value is False else None)
        weights = calls.argument(node, "weights")
        if weights is None:
            pretrained: Optional[bool] = None if calls.has_unpacking(node) else True
        else:
            value = literal(self.facts, weights.value)
            pretrained = (value == "imagenet") if value is not UNKNOWN else None
            if value is not UNKNOWN and isinstance(value, str) and value != "imagenet":
                pretrained = None  # a weights file: what it was trained on is unknown
        return Application(node, short, mode, pretrained)

    def first_consumer(self, model: ModelFact, fed: PixelRange) -> Optional[Consumer]:
        """The first learned layer or application on the path from the model's input, with
        the pixels it receives when the model is fed `fed`."""
        if model.style == APPLICATION:
            app = self.application(model.node)
            return None if app is None else Consumer(model.node, app.name, app, fed)
        if model.style == SEQUENTIAL:
            return self._sequential(model, fed)
        if model.style == FUNCTIONAL and isinstance(model.node, cst.Call):
            return self._functional(model.node, fed)
        return None

    # -- Sequential ----------------------------------------------------------------------------------
    def _sequential(self, model: ModelFact, fed: PixelRange) -> Optional[Consumer]:
        current: Optional[PixelRange] = fed
        for step in model.steps:
            app = self.application(step.node)
            if app is not None:
                return Consumer(step.node, app.name, app, current)
            if step.category == UNKNOWN_LAYER or step.kind is None or \
                    not isinstance(step.node, cst.Call):
                return None
            if step.kind in LEARNED_KINDS or step.category == UNITS:
                return Consumer(step.node, step.kind, None, current)
            if current is None:
                return None
            current = self.ranges.through_layer(step.kind, step.node, current)
        return None

    # -- functional ----------------------------------------------------------------------------------
    def _functional(self, construction: cst.Call, fed: PixelRange) -> Optional[Consumer]:
        """The first learned layer (or application) applied on a path from the model's one
        `Input`: of the learned-layer applications that reach that `Input` through layers
        without weights only, the first in source order."""
        inputs = calls.argument_value(construction, "inputs", 0)
        outputs = calls.argument_value(construction, "outputs", 1)
        trunk = self._trunk(inputs, outputs, fed)
        if trunk is not None:
            return trunk
        entry = resolve(self.facts, inputs)
        if not (isinstance(entry, cst.Call) and self.facts.call_name(entry) in _INPUTS):
            return None
        found = self._first_layers.get(id(entry))
        if not found:
            return None
        site, layer_call, kind, app = found[0]
        given = calls.argument_value(site, "inputs", 0)
        return Consumer(layer_call, kind, app, self.ranges.range_of(given, {entry: fed}))

    @cached_property
    def _first_layers(self) -> dict[int, list[tuple]]:
        """`Input` call -> the learned-layer applications it reaches through layers without
        weights, in source order. Each application is followed back only to the nearest learned
        layer, so the whole file costs one walk over its layer applications."""
        found: dict[int, list[tuple]] = {}
        for site in self.facts.index.calls:
            if isinstance(site.func, cst.Attribute):
                continue
            layer_call = self._construction(site.func)
            if layer_call is None:
                continue
            kind = layer_kind(self.facts, layer_call)
            app = self.application(layer_call)
            if app is None and kind not in LEARNED_KINDS:
                continue
            reached = self._sites_back(calls.argument_value(site, "inputs", 0))
            if reached is not None:
                found.setdefault(id(reached[0]), []).append(
                    (site, layer_call, app.name if app else kind, app))
        return found

    def _trunk(self, inputs, outputs, fed: PixelRange) -> Optional[Consumer]:
        """`Model(base.input, head(base.output))`: the application takes the model's input."""
        wanted = resolve(self.facts, inputs)
        if not (isinstance(wanted, cst.Attribute) and wanted.attr.value == "input"):
            return None
        app = self.application(resolve(self.facts, wanted.value))
        return None if app is None else Consumer(app.node, app.name, app, fed)

    def _sites_back(self, tensor: Optional[cst.BaseExpression]):
        """(the `Input` call reached, [(application site, layer construction, kind)] nearest
        first) through layers without weights, or None when the path back to one `Input` meets
        a learned layer or cannot be followed (a merge of several tensors, a helper, a custom
        layer)."""
        sites: list[tuple[cst.Call, cst.Call, str]] = []
        for _ in range(_MAX_STEPS):
            value = resolve(self.facts, tensor)
            if isinstance(value, cst.BinaryOperation):
                left, right = (self.facts.values.literal(value.left),
                               self.facts.values.literal(value.right))
                if _is_number(left) == _is_number(right):
                    return None
                tensor = value.right if _is_number(left) else value.left
                continue
            if not isinstance(value, cst.Call):
                return None
            name = self.facts.call_name(value)
            if name in _INPUTS:
                return value, sites
            if describe_op(self.facts, value) is not None:
                tensor = op_input(self.facts, value)
                continue
            if name is not None:
                if name in VALUE_PRESERVING_OPS or name.startswith("tensorflow.image.") or (
                        name.startswith("keras.applications.")
                        and name.endswith(".preprocess_input")):
                    tensor = calls.argument_value(value, "x", 0)
                    continue
                return None
            layer_call = self._construction(value.func)
            if layer_call is None:
                return None
            kind = layer_kind(self.facts, layer_call)
            app = self.application(layer_call)
            if kind is None and app is None and not self._transparent_model(layer_call):
                return None
            if kind is not None and describe(self.facts, layer_call).category == UNKNOWN_LAYER:
                return None  # a Lambda or custom layer: anything may happen there
            if app is not None or kind in LEARNED_KINDS:
                return None  # a learned layer comes first: not what this walk looks for
            sites.append((value, layer_call, kind or "model"))
            tensor = calls.argument_value(value, "inputs", 0)
        return None

    def _construction(self, func: cst.BaseExpression) -> Optional[cst.Call]:
        if isinstance(func, cst.Call):
            return func
        value = resolve(self.facts, func)
        return value if isinstance(value, cst.Call) else None

    def _transparent_model(self, construction: cst.Call) -> bool:
        """A nested model of augmentation/rescaling layers only (`data_augmentation(x)`)."""
        model = self.models.model_of(construction)
        if model is None or model.style != SEQUENTIAL or not model.complete or not model.steps:
            return False
        return all(step.kind in VALUE_PRESERVING_LAYERS or step.kind in RANDOM_LAYERS
                   or step.kind == "Rescaling" for step in model.steps)
