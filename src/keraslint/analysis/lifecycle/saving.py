"""Where the program serializes a model's configuration, and which models a layer instance is
part of.

Serializing means calling every layer's `get_config`: `model.save(...)` to a `.keras` or `.h5`
file (on Keras 3 every `save`, which accepts nothing else), `keras.models.save_model`,
`keras.models.clone_model`, `model.to_json()`, and a `ModelCheckpoint` that saves whole models
(the default, `save_weights_only=False`) handed to the model's `fit`. Saving weights only,
`model.export(...)`, `tf.saved_model.save` and a legacy SavedModel directory (`tf_keras`,
no extension) do not. Keras 3 serializes only the top model's config for a subclassed model
(its sublayers are rebuilt by its constructor), every layer's for a Sequential or functional
model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.classes import KERAS3, LEGACY
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.models import ModelFact, ModelFacts
from keraslint.analysis.walk import descendants

_SAVE_FUNCTIONS = frozenset({"keras.models.save_model", "keras.saving.save_model"})
_CLONE_FUNCTIONS = frozenset({"keras.models.clone_model"})
_CHECKPOINT = "keras.callbacks.ModelCheckpoint"
_CONFIG_EXTENSIONS = (".keras", ".h5", ".hdf5")


@dataclass(frozen=True)
class Serialization:
    """A call that serializes `model`'s config (`how`: "save", "clone", "to_json",
    "checkpoint"); `node` is the call that does it (the `fit` for a checkpoint)."""

    node: cst.Call = field(repr=False)
    how: str
    model: ModelFact = field(repr=False)
    detail: Optional[cst.CSTNode] = field(default=None, repr=False)  # the checkpoint


class Saving:
    def __init__(self, facts: CoreFacts, models: ModelFacts, flavour: Optional[str]) -> None:
        self.facts = facts
        self.models = models
        self.flavour = flavour

    @cached_property
    def serializations(self) -> list[Serialization]:
        """Every call that serializes a known model's config (see the module docstring)."""
        if self.flavour not in (KERAS3, LEGACY):
            return []
        found: list[Serialization] = []
        for call in self.facts.method_calls("save"):
            if self._saves_config(call, calls.argument_value(call, "filepath", 0)):
                self._add(found, call, "save", calls.receiver(call))
        for call in self.facts.calls_to(*_SAVE_FUNCTIONS):
            if self._saves_config(call, calls.argument_value(call, "filepath", 1)):
                self._add(found, call, "save", calls.argument_value(call, "model", 0))
        for call in self.facts.calls_to(*_CLONE_FUNCTIONS):
            self._add(found, call, "clone", calls.argument_value(call, "model", 0))
        for call in self.facts.method_calls("to_json"):
            self._add(found, call, "to_json", calls.receiver(call))
        for fit in self.facts.method_calls("fit"):
            checkpoint = self._full_checkpoint(fit)
            if checkpoint is not None:
                self._add(found, fit, "checkpoint", calls.receiver(fit), checkpoint)
        return found

    def _add(self, found: list, call: cst.Call, how: str,
             model_expr: Optional[cst.BaseExpression], detail=None) -> None:
        model = self.models.model_of(model_expr, call)
        if model is not None:
            found.append(Serialization(call, how, model, detail))

    def _saves_config(self, call: cst.Call, path: Optional[cst.BaseExpression]) -> bool:
        """A whole-model save: on Keras 3 any `save` that succeeds; on tf_keras a `.keras`/`.h5`
        path or `save_format="h5"`/`"keras"` (a bare directory is a SavedModel)."""
        if self.flavour == KERAS3:
            return True
        text = self.facts.values.string(path)
        save_format = self.facts.values.string(calls.argument_value(call, "save_format"))
        return (text is not None and text.endswith(_CONFIG_EXTENSIONS)) or save_format in (
            "h5", "keras")

    def _full_checkpoint(self, fit: cst.Call) -> Optional[cst.Call]:
        """A `ModelCheckpoint(...)` saving whole models among the `fit`'s callbacks."""
        value = self.facts.values.resolve(calls.argument_value(fit, "callbacks"))
        if not isinstance(value, (cst.List, cst.Tuple)):
            return None
        for element in value.elements:
            item = self.facts.values.resolve(element.value)
            if isinstance(item, cst.Call) and self.facts.call_name(item) == _CHECKPOINT:
                weights_only = calls.argument_value(item, "save_weights_only", 2)
                if weights_only is None and not calls.has_unpacking(item):
                    return item
                if weights_only is not None and self.facts.values.literal(weights_only) is False:
                    return item
        return None

    def serialization_of(self, instance: cst.Call) -> Optional[Serialization]:
        """The first serialization that calls the `get_config` of this layer or model
        instance: the instance is the saved model, or a layer of a saved Sequential/functional
        model (in its construction, or applied as a layer where that single model is built)."""
        for serialization in self.serializations:
            if self._part_of(instance, serialization.model):
                return serialization
        return None

    def _part_of(self, instance: cst.Call, model: ModelFact) -> bool:
        node = model.node
        if node is instance:
            return True
        if self.facts.call_name(node) not in ("keras.Sequential", "keras.Model"):
            return False  # a subclassed model rebuilds its sublayers itself
        if id(instance) in self._ids_below(node):
            return True
        scope = self.facts.index.call_scopes.get(instance)
        if scope is None or scope is not self.facts.index.call_scopes.get(node):
            return False
        built_here = [c for c in self.facts.calls_to("keras.Sequential", "keras.Model")
                      if self.facts.index.call_scopes.get(c) is scope]
        return len(built_here) == 1 and self._applied(instance)

    def _ids_below(self, node: cst.CSTNode) -> set[int]:
        key = id(node)
        if key not in self._below:
            self._below[key] = {id(n) for n in descendants(node)}
        return self._below[key]

    @cached_property
    def _below(self) -> dict[int, set[int]]:
        return {}

    def _applied(self, instance: cst.Call) -> bool:
        """`Layer(...)(x)`, `layer = Layer(...)` then `layer(x)`, or `model.add(Layer(...))`."""
        if id(instance) in self._applied_calls:
            return True
        binding = self._binding_by_value.get(id(instance))
        if binding is None:
            return False
        return any(isinstance(c.func, cst.Name) and c.func.value == binding.name
                   and self.facts.values.binding_of(c.func) is binding
                   for c in self.facts.index.calls)

    @cached_property
    def _applied_calls(self) -> set[int]:
        found = {id(c.func) for c in self.facts.index.calls if isinstance(c.func, cst.Call)}
        for call in self.facts.method_calls("add"):
            found.update(id(a.value) for a in call.args)
        return found

    @cached_property
    def _binding_by_value(self) -> dict[int, object]:
        table: dict[int, object] = {}
        for scope in self.facts.index.scopes:
            for bindings in scope.bindings.values():
                for binding in bindings:
                    if binding.kind == "assign" and not binding.path and binding.node is not None:
                        table.setdefault(id(binding.node), binding)
        return table
