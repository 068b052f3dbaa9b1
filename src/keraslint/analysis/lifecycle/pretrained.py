"""Pretrained `keras.applications` bases that are frozen, then fine-tuned while called in
training mode.

A BatchNormalization layer set `trainable = False` runs in inference mode (Keras 3 and
`tf_keras` alike); once the base is unfrozen for fine-tuning, a base called without
`training=False` runs its BatchNormalization layers in training mode under `fit`: they
normalise with each batch's statistics and overwrite the pretrained moving mean and variance,
which wrecks the features the frozen phase trained the head on (the Keras transfer-learning
guide: "pass `training=False` when calling the base model").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.lifecycle.objects import Objects
from keraslint.analysis.lifecycle.training import TrainableChange, TrainingState
from keraslint.analysis.scopes import ASSIGN, Binding

# `keras.applications` families whose networks contain BatchNormalization layers (VGG16/19
# have none; ConvNeXt normalises with LayerNormalization).
_WITH_BATCHNORM = (
    "ResNet", "Inception", "Xception", "MobileNet", "DenseNet", "NASNet", "EfficientNet",
    "RegNet",
)


@dataclass(frozen=True)
class FineTunedBase:
    """A pretrained base with BatchNormalization, frozen by `frozen`, unfrozen by `unfrozen`,
    called as a layer by `call` (training mode not fixed), and trained after the unfreezing by
    `fit`."""

    construction: cst.Call = field(repr=False)
    name: str
    binding: Binding = field(repr=False)
    call: cst.Call = field(repr=False)
    frozen: TrainableChange = field(repr=False)
    unfrozen: TrainableChange = field(repr=False)
    fit: cst.Call = field(repr=False)


class PretrainedBases:
    def __init__(self, facts: CoreFacts, objects: Objects, training: TrainingState) -> None:
        self.facts = facts
        self.objects = objects
        self.training = training

    @cached_property
    def fine_tuned_in_training_mode(self) -> list[FineTunedBase]:
        found = []
        for construction in self.facts.calls_with_prefix("keras.applications."):
            name = self.facts.call_name(construction) or ""
            family = name.rsplit(".", 1)[-1]
            if not family.startswith(_WITH_BATCHNORM) or not self._pretrained(construction):
                continue
            binding = self._bound_to(construction)
            if binding is None:
                continue
            found.extend(self._fine_tuned(construction, family, binding))
        return found

    def _pretrained(self, call: cst.Call) -> bool:
        arg = calls.argument(call, "weights")
        if arg is None:
            return not calls.has_unpacking(call)  # default weights="imagenet"
        value = self.facts.values.string(arg.value)
        return value is not None and value != ""

    def _bound_to(self, construction: cst.Call) -> Optional[Binding]:
        for scope in self.facts.index.scopes:
            for bindings in scope.bindings.values():
                for binding in bindings:
                    if binding.kind == ASSIGN and binding.node is construction and not binding.path:
                        return binding
        return None

    def _fine_tuned(self, construction: cst.Call, family: str, binding: Binding):
        changes = [c for c in self.training.trainable_changes if c.root is binding]
        frozen = [c for c in changes if c.value is False and not c.through_layers]
        unfrozen = [c for c in changes if c.value is True and not c.through_layers
                    and any(f.position.certainly_before(c.position) for f in frozen)]
        if not frozen or not unfrozen:
            return []
        fits = [f for f in self.facts.method_calls("fit")
                if (p := self.objects.position(calls.receiver(f) or f.func)) is not None
                and p.order > unfrozen[0].position.order and unfrozen[0].position.same_path(p)]
        if not fits:
            return []
        found = []
        for call in self._layer_calls(binding):
            training = calls.argument(call, "training")
            if training is None and not calls.has_unpacking(call) and call.args \
                    and self._symbolic(call.args[0].value, 0):
                found.append(FineTunedBase(construction, family, binding, call, frozen[0],
                                           unfrozen[0], fits[0]))
        return found

    def _symbolic(self, expr: Optional[cst.BaseExpression], depth: int) -> bool:
        """`expr` is a symbolic tensor of a model being built: it comes from `keras.Input`
        through layer calls and ops (`x = augment(inputs)`, `x = preprocess_input(x)`), or is a
        model's `.output`. A call on concrete data (`base(image_batch)`, to print a shape) is
        not part of the model."""
        expr = self.facts.values.resolve(expr)
        if expr is None or depth > 12:
            return False
        if isinstance(expr, cst.Attribute):
            return expr.attr.value in ("output", "outputs")
        if not isinstance(expr, cst.Call):
            return False
        if self.facts.call_name(expr) == "keras.Input":
            return True
        positional = [a for a in expr.args if a.keyword is None and not a.star]
        return bool(positional) and self._symbolic(positional[0].value, depth + 1)

    def _layer_calls(self, binding: Binding) -> list[cst.Call]:
        """`base(x)` calls of the bound base, before it is unfrozen or not."""
        return [c for c in self.facts.index.calls if isinstance(c.func, cst.Name)
                and c.func.value == binding.name
                and self.facts.values.binding_of(c.func) is binding]
