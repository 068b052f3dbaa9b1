"""The life of models and layers in a program: where it changes `trainable`, compiles, fits
and serializes them.

These facts decide whether a pattern in a class or a model matters: a layer without
`get_config` matters only if a model containing it is saved; a `.trainable` change matters
only if a `fit` that ignores it follows; a frozen base's call mode matters only once it is
unfrozen and trained. `LifecycleFacts` is the one object rules ask (`facts.lifecycle`); it
builds on `facts.classes` (the file's Keras flavour) and `facts.models` (which model a name
holds).

Modules, lowest first: `objects` (which object an expression reaches, positions of
statements), `training` (`.trainable` changes, `compile`/`fit` order), `saving`
(serializations, layers of saved models), `pretrained` (frozen and fine-tuned
`keras.applications` bases).
"""

from __future__ import annotations

from functools import cached_property
from typing import Optional

import libcst as cst

from keraslint.analysis.classes import ClassFacts
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.lifecycle.objects import Objects, Position
from keraslint.analysis.lifecycle.pretrained import FineTunedBase, PretrainedBases
from keraslint.analysis.lifecycle.saving import Saving, Serialization
from keraslint.analysis.lifecycle.training import (
    IgnoredChange,
    ModelCall,
    TrainableChange,
    TrainingState,
)
from keraslint.analysis.models import ModelFacts

__all__ = [
    "FineTunedBase", "IgnoredChange", "LifecycleFacts", "ModelCall", "Position", "Serialization",
    "TrainableChange",
]


class LifecycleFacts:
    """The questions rules ask about trainable changes, compiles, fits and saves."""

    def __init__(self, facts: CoreFacts, classes: ClassFacts, models: ModelFacts) -> None:
        self.facts = facts
        self.classes = classes
        self._objects = Objects(facts)
        self._training = TrainingState(facts, self._objects, classes.flavour)
        self._saving = Saving(facts, models, classes.flavour)
        self._pretrained = PretrainedBases(facts, self._objects, self._training)

    @property
    def trainable_changes(self) -> list[TrainableChange]:
        """Every `<object>.trainable = <value>` statement."""
        return self._training.trainable_changes

    @cached_property
    def ignored_trainable_changes(self) -> list[IgnoredChange]:
        """`.trainable` changes a later `fit` ignores because the model was not compiled again
        (per the file's Keras flavour; none when it is unknown)."""
        return self._training.ignored_changes()

    @property
    def serializations(self) -> list[Serialization]:
        """Calls that serialize a known model's config (save, clone, to_json, checkpoint)."""
        return self._saving.serializations

    def serialization_of(self, instance: cst.Call) -> Optional[Serialization]:
        """The first serialization that calls this layer or model instance's `get_config`."""
        return self._saving.serialization_of(instance)

    @property
    def fine_tuned_bases(self) -> list[FineTunedBase]:
        """Pretrained bases with BatchNormalization, frozen then unfrozen and trained, called
        without `training=False`."""
        return self._pretrained.fine_tuned_in_training_mode

    def position(self, expr: Optional[cst.BaseExpression]) -> Optional[Position]:
        return self._objects.position(expr)
