"""The fate of a layer's initial kernel: replaced before training, or the only kernel there is.

An initializer matters only for the kernel the model trains from. Two cases make a kernel
initializer irrelevant to the rules that judge it (KL101-KL103):

- *Replaced before training*: the program overwrites the weights before any `fit`, through
  the layer (`fc6.set_weights([...])`, `layer.kernel.assign(w)`), through a model that holds
  it (`model.load_weights(path)`, `model.set_weights(...)`, `model.layers[0].set_weights(...)`,
  `model.get_layer("fc1").set_weights(...)`, `tf.train.Checkpoint(model=model).restore(...)`).
  Placeholder kernels (`Constant(1.0)` in an FCN head that receives VGG's weights) are the
  pattern. A replacement under a condition, inside a function, or after a `fit` on that model
  does not count; `model.layers[k]` and `get_layer(...)` count for every layer of the model
  (which one they reach is not followed: staying quiet is the safe side).
- *The only kernel*: the layer is the model's only kernel layer (a linear or logistic
  regression, a one-layer model in a demo): there is no depth for activations to grow through
  and no later layer for symmetric units to feed. A model used inside another model (an item of
  a `Sequential`, called on a symbolic tensor) is not alone.
"""

from __future__ import annotations

from functools import cached_property
from typing import Iterator, Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.containers import list_items
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import UNITS
from keraslint.analysis.models.discovery import ModelDiscovery
from keraslint.analysis.models.model import MAX_DEPTH
from keraslint.analysis.models.tracing import INPUTS

_REPLACING = frozenset({"set_weights", "load_weights"})
_TRAINING = frozenset({"fit", "fit_generator", "train_on_batch"})
_KERNEL_ATTRIBUTES = frozenset({"kernel", "weights", "trainable_weights", "variables",
                                "trainable_variables", "depthwise_kernel", "pointwise_kernel",
                                "recurrent_kernel"})
_MODEL_CONSTRUCTORS = frozenset({"keras.Sequential", "keras.Model"})


class WeightFates:
    def __init__(self, facts: CoreFacts, discovery: ModelDiscovery) -> None:
        self.facts = facts
        self.values = facts.values
        self.discovery = discovery

    # -- replaced before training ------------------------------------------------------------
    def replaced_before_training(self, layer: cst.Call) -> Optional[cst.Call]:
        """The call that certainly overwrites this layer's kernel before it is trained."""
        for call, target in self._replacements:
            if self._covers(target, layer) and not self._trained_before(call, layer):
                return call
        return None

    @cached_property
    def _order(self) -> dict[int, int]:
        return {id(call): i for i, call in enumerate(self.facts.index.calls)}

    @cached_property
    def _replacements(self) -> list[tuple[cst.Call, cst.BaseExpression]]:
        """(replacing call, the object whose weights it replaces), for the calls that run
        whenever the object exists: same scope and block as the name they start from."""
        found = []
        for call in self.facts.index.calls:
            for target in self._replaced_objects(call):
                if self._unconditional(target):
                    found.append((call, target))
        return found

    def _replaced_objects(self, call: cst.Call) -> Iterator[cst.BaseExpression]:
        method = calls.method_name(call)
        target = calls.receiver(call)
        if target is None:
            return
        if method in _REPLACING:
            yield target
        elif method == "assign" and isinstance(target, (cst.Attribute, cst.Subscript)):
            owner = target.value if isinstance(target, cst.Subscript) else target
            if isinstance(owner, cst.Attribute) and owner.attr.value in _KERNEL_ATTRIBUTES:
                yield owner.value  # `layer.kernel.assign(w)`, `layer.weights[0].assign(w)`
        elif method in ("restore", "read"):
            checkpoint = self.values.resolve(target)
            if isinstance(checkpoint, cst.Call) and \
                    (self.facts.call_name(checkpoint) or "").endswith("train.Checkpoint"):
                yield from (arg.value for arg in checkpoint.args if arg.keyword is not None)

    def _unconditional(self, target: cst.BaseExpression) -> bool:
        name = _base_name(target)
        if name is None:
            return False
        use = self.facts.index.uses.get(name)
        binding = self.values.binding_of(name)
        return use is not None and binding is not None and use.scope is binding.scope \
            and use.blocks == binding.blocks

    def _covers(self, target: cst.BaseExpression, layer: cst.Call) -> bool:
        """Does replacing `target`'s weights replace `layer`'s kernel?"""
        whole = _strip_layer_access(target)
        value = self.values.resolve(whole)
        if value is layer:
            return whole is target  # `fc6.set_weights` (not `fc6.layers[...]`)
        return isinstance(value, cst.Call) and self._contains(value, layer, 0)

    def holders(self, layer: cst.Call) -> list[cst.Call]:
        """The model constructions that hold this layer (a list built with `append`, `.add`
        calls, traced steps, nested models), certain or not."""
        return [m.node for m in self.discovery.all_models if isinstance(m.node, cst.Call)
                and self._contains(m.node, layer, 0)]

    def _contains(self, model: cst.Call, layer: cst.Call, depth: int) -> bool:
        """Is `layer` one of the layers of the model `model` constructs (nested models too)?"""
        if depth > MAX_DEPTH:
            return False
        for item in self._members(model):
            if item is layer or (isinstance(item, cst.Call) and item is not model
                                 and self._contains(item, layer, depth + 1)):
                return True
        return False

    def _members(self, model: cst.Call) -> list[cst.Call]:
        """The layer (and nested model) constructions a model is built from, certain or not."""
        found: list[cst.Call] = []
        if self.facts.call_name(model) == "keras.Sequential":
            arg = calls.argument_value(model, "layers", 0)
            items = list_items(self.facts, arg) if arg is not None else []
            for item in items or []:
                value = self.values.resolve(item.expr) if item.expr is not None else None
                if isinstance(value, cst.Call):
                    found.append(value)
            found += self._added(model)
        fact = self.discovery.model_of(model)
        if fact is not None:
            for path in fact.paths:
                found += [step.node for step in path if isinstance(step.node, cst.Call)]
        return found

    def _added(self, model: cst.Call) -> list[cst.Call]:
        """Layers `.add`ed to a name bound to this construction."""
        found = []
        for call in self.facts.method_calls("add"):
            owner = calls.receiver(call)
            if owner is not None and self.values.resolve(owner) is model and call.args:
                value = self.values.resolve(call.args[0].value)
                if isinstance(value, cst.Call):
                    found.append(value)
        return found

    def _trained_before(self, replacing: cst.Call, layer: cst.Call) -> bool:
        """A `fit` on a model holding the layer comes before the replacement."""
        position = self._order[id(replacing)]
        for call in self.facts.index.calls[:position]:
            if calls.method_name(call) not in _TRAINING:
                continue
            trained = self.values.resolve(calls.receiver(call))
            if trained is layer or (isinstance(trained, cst.Call)
                                    and self._contains(trained, layer, 0)):
                return True
        return False

    # -- the only kernel ---------------------------------------------------------------------
    def only_kernel(self, layer: cst.Call) -> bool:
        """Is `layer` the only kernel layer of a model it certainly belongs to, a model that is
        not itself a part of another model?"""
        for model in self.discovery.all_models:
            if not model.complete or not isinstance(model.node, cst.Call) \
                    or self.facts.call_name(model.node) not in _MODEL_CONSTRUCTORS:
                continue
            kernels = [s for path in model.paths for s in path if s.category == UNITS]
            if len(kernels) == 1 and kernels[0].node is layer and not self._nested(model.node):
                return True
        return False

    def _nested(self, model: cst.Call) -> bool:
        """Used as a part of another model: listed in a Sequential, `.add`ed, or applied to a
        symbolic tensor (a tensor traced back to an `Input`)."""
        for call in self.facts.index.calls:
            if call is model:
                continue
            for arg in call.args:
                if self.values.resolve(arg.value) is model and arg.keyword is None:
                    if calls.method_name(call) == "add" or \
                            self.facts.call_name(call) in _MODEL_CONSTRUCTORS:
                        return True
                elements = self.values.resolve(arg.value)
                if isinstance(elements, (cst.List, cst.Tuple)) and any(
                        self.values.resolve(e.value) is model for e in elements.elements):
                    return True
            if self.values.resolve(call.func) is model and call.args and \
                    self._symbolic(call.args[0].value):
                return True
        return False

    def _symbolic(self, tensor: cst.BaseExpression) -> bool:
        value = self.values.resolve(tensor)
        for _ in range(MAX_DEPTH):
            if not isinstance(value, cst.Call):
                return False
            if self.facts.call_name(value) in INPUTS:
                return True
            if not value.args:
                return False
            value = self.values.resolve(value.args[0].value)  # through layer applications
        return False


def _strip_layer_access(target: cst.BaseExpression) -> cst.BaseExpression:
    """`model` for `model.layers[0]`, `model.get_layer("fc1")`, `model.layers[-1]`."""
    for _ in range(MAX_DEPTH):
        if isinstance(target, cst.Subscript) and isinstance(target.value, cst.Attribute) \
                and target.value.attr.value == "layers":
            target = target.value.value
        elif isinstance(target, cst.Call) and calls.method_name(target) == "get_layer" \
                and calls.receiver(target) is not None:
            target = calls.receiver(target)  # type: ignore[assignment]
        else:
            return target
    return target


def _base_name(expr: cst.BaseExpression) -> Optional[cst.Name]:
    while isinstance(expr, (cst.Attribute, cst.Subscript, cst.Call)):
        expr = expr.func if isinstance(expr, cst.Call) else expr.value
    return expr if isinstance(expr, cst.Name) else None

