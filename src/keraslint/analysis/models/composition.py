"""What a model is made of: the layers it contains that behave differently in training, and
those that add regularization losses.

Custom training loops call models themselves, so two questions matter there: does the model
hold layers that do something only when called with `training=True` (Dropout, batch
normalization, noise, augmentation, recurrent or attention dropout, a custom layer whose `call`
reads `training`), and does it carry losses the loop must add itself (`kernel_regularizer=`,
`activity_regularizer=`, `ActivityRegularization`, `self.add_loss(...)`)?

The answers are the layer constructions found, each a `Component` (positive evidence): a
model's steps (Sequential items, the functional path, nested models), every call inside a
model class's methods (custom layers and models defined in the file followed into their own
classes) and a `keras.applications` network's known layers. An empty answer means nothing was
found, not that the model has none: a model loaded from disk, passed in from elsewhere or
built by a custom class we cannot see through may hold anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterator

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import Context, layer_kind, literal, resolve
from keraslint.analysis.models.model import APPLICATION, MAX_DEPTH, ModelFact
from keraslint.analysis.models.resolution import Resolver, first_param, own_method
from keraslint.analysis.values import UNKNOWN
from keraslint.analysis.walk import descendants

# What a layer does only in training.
DROPOUT, NORMALIZATION, NOISE, AUGMENTATION, CUSTOM = (
    "dropout", "batch normalization", "noise", "augmentation", "custom")

_TRAINING_LAYERS = {
    **{k: DROPOUT for k in ("Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D",
                            "AlphaDropout", "GaussianDropout")},
    "GaussianNoise": NOISE,
    "BatchNormalization": NORMALIZATION, "SyncBatchNormalization": NORMALIZATION,
    **{k: AUGMENTATION for k in (
        "RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation", "RandomCrop",
        "RandomContrast", "RandomBrightness", "RandomHeight", "RandomWidth", "RandomGrayscale",
        "RandomHue", "RandomSaturation", "RandomColorJitter", "RandomSharpness", "RandomShear",
        "RandomPosterization", "RandomErasing", "RandomGaussianBlur", "RandomInvert",
        "RandomPerspective", "RandomElasticTransform", "RandAugment", "AugMix", "CutMix",
        "MixUp", "RandomColorDegeneration", "RandomApply", "RandomChoice")},
}
# Layers whose dropout is an argument: kind -> the arguments that turn it on (> 0).
_DROPOUT_ARGUMENTS = {
    "LSTM": ("dropout", "recurrent_dropout"), "GRU": ("dropout", "recurrent_dropout"),
    "SimpleRNN": ("dropout", "recurrent_dropout"), "LSTMCell": ("dropout", "recurrent_dropout"),
    "GRUCell": ("dropout", "recurrent_dropout"), "SimpleRNNCell": ("dropout", "recurrent_dropout"),
    "ConvLSTM1D": ("dropout", "recurrent_dropout"), "ConvLSTM2D": ("dropout", "recurrent_dropout"),
    "MultiHeadAttention": ("dropout",), "Attention": ("dropout",),
    "AdditiveAttention": ("dropout",),
}
# keras.applications networks with batch normalization (VGG and ConvNeXt have none).
_BATCHNORM_APPLICATIONS = ("ResNet", "MobileNet", "EfficientNet", "DenseNet", "Inception",
                           "Xception", "NASNet", "RegNet")
_REGULARIZER_ARGUMENTS = (
    "kernel_regularizer", "bias_regularizer", "activity_regularizer", "recurrent_regularizer",
    "depthwise_regularizer", "pointwise_regularizer", "embeddings_regularizer",
    "beta_regularizer", "gamma_regularizer", "alpha_regularizer")


@dataclass(frozen=True)
class Component:
    """One layer (or `add_loss` call) that makes a model behave as the question asks.

    `node` is the layer construction (or the `add_loss` call); `what` says how: DROPOUT,
    NORMALIZATION... for training behaviour, the regularizer argument's keyword, or
    "add_loss".
    """

    node: cst.CSTNode = field(repr=False)
    kind: str
    what: str


class Composition:
    """Training-dependent and loss-adding layers of models and model classes."""

    def __init__(self, facts: CoreFacts, resolver: Resolver, discovery) -> None:
        self.facts = facts
        self.resolver = resolver
        self.discovery = discovery  # ModelDiscovery: models behind names and attributes
        self._class_cache: dict[int, list[Component]] = {}

    # -- public ------------------------------------------------------------------------------
    def training_layers(self, model: ModelFact) -> list[Component]:
        return [c for c in self._of_model(model, 0) if c.what not in _LOSS_WHATS]

    def class_training_layers(self, cls: cst.ClassDef) -> list[Component]:
        return [c for c in self._of_class(cls, 0) if c.what not in _LOSS_WHATS]

    def loss_layers(self, model: ModelFact) -> list[Component]:
        return [c for c in self._of_model(model, 0) if c.what in _LOSS_WHATS]

    def class_loss_layers(self, cls: cst.ClassDef) -> list[Component]:
        return [c for c in self._of_class(cls, 0) if c.what in _LOSS_WHATS]

    # -- models --------------------------------------------------------------------------------
    def _of_model(self, model: ModelFact, depth: int) -> list[Component]:
        if depth > MAX_DEPTH:
            return []
        if model.style == APPLICATION:
            return self._application(model)
        found: list[Component] = []
        if isinstance(model.node, cst.Call):
            cls = self.facts.definition(model.node.func)
            if isinstance(cls, cst.ClassDef):
                return self._of_class(cls, depth + 1)
        for path in model.paths:
            for step in path:
                if isinstance(step.node, cst.Call):
                    found.extend(self._of_call(step.node, depth + 1))
        return _unique(found)

    def _application(self, model: ModelFact) -> list[Component]:
        name = (self.facts.call_name(model.node) or "") if isinstance(model.node, cst.Call) else ""
        leaf = name.rsplit(".", 1)[-1]
        if leaf.startswith(_BATCHNORM_APPLICATIONS):
            return [Component(model.node, leaf, NORMALIZATION)]
        return []

    # -- one construction call -----------------------------------------------------------------
    def _of_call(self, call: cst.Call, depth: int) -> list[Component]:
        """What one call inside a model contributes: a Keras layer's own behaviour, or what a
        local layer/model class or a nested model holds."""
        kind = layer_kind(self.facts, call)
        if kind is not None:
            return list(self._layer(call, kind))
        name = self.facts.call_name(call) or ""
        if name.startswith("keras.applications.") and name.rsplit(".", 1)[-1][:1].isupper():
            leaf = name.rsplit(".", 1)[-1]
            return [Component(call, leaf, NORMALIZATION)] \
                if leaf.startswith(_BATCHNORM_APPLICATIONS) else []
        cls = self.facts.definition(call.func)
        if isinstance(cls, cst.ClassDef) and depth <= MAX_DEPTH:
            return self._of_class(cls, depth + 1)
        return []

    def _layer(self, call: cst.Call, kind: str) -> Iterator[Component]:
        what = _TRAINING_LAYERS.get(kind)
        if what is not None and not self._disabled(call, kind):
            yield Component(call, kind, what)
        for keyword in _DROPOUT_ARGUMENTS.get(kind, ()):
            rate = literal(self.facts, calls.argument_value(call, keyword))
            if isinstance(rate, (int, float)) and not isinstance(rate, bool) and rate > 0:
                yield Component(call, kind, DROPOUT)
                break
        if kind == "ActivityRegularization":
            yield Component(call, kind, "ActivityRegularization")
        for keyword in _REGULARIZER_ARGUMENTS:
            arg = calls.argument(call, keyword)
            if arg is not None and _is_regularizer(self.facts, arg.value):
                yield Component(call, kind, keyword)

    def _disabled(self, call: cst.Call, kind: str) -> bool:
        """`Dropout(0.0)`, `GaussianNoise(0)`: a rate of zero does nothing in training either."""
        if _TRAINING_LAYERS.get(kind) not in (DROPOUT, NOISE):
            return False
        rate = literal(self.facts, calls.argument_value(
            call, "stddev" if kind == "GaussianNoise" else "rate", 0))
        return isinstance(rate, (int, float)) and not isinstance(rate, bool) and rate == 0

    # -- classes -------------------------------------------------------------------------------
    def _of_class(self, cls: cst.ClassDef, depth: int) -> list[Component]:
        key = id(cls)
        cached = self._class_cache.get(key)
        if cached is not None:
            return cached
        self._class_cache[key] = []  # a class holding itself: nothing more to find
        if training_default(self.facts, cls) is True:
            return []  # `call(self, x, training=True)`: it and its layers train by default
        found: list[Component] = []
        for call in self._class_calls.get(cls, ()):
            if calls.method_name(call) == "add_loss" and self._on_self(call):
                found.append(Component(call, cls.name.value, "add_loss"))
            elif depth <= MAX_DEPTH:
                found.extend(self._of_call(call, depth + 1))
        found.extend(self._custom_training(cls))
        found.extend(self._attribute_models(cls, depth))
        for base in cls.bases:
            local = self.facts.definition(base.value)
            if isinstance(local, cst.ClassDef) and depth <= MAX_DEPTH:
                found.extend(self._of_class(local, depth + 1))
        result = _unique(found)
        self._class_cache[key] = result
        return result

    def _custom_training(self, cls: cst.ClassDef) -> list[Component]:
        """A layer whose `call(self, x, training=None)` reads `training` (a branch, or passing
        it on): it behaves differently in training, whatever it does."""
        method = own_method(cls, "call")
        if method is None:
            return []
        params = list(method.params.params) + list(method.params.kwonly_params)
        param = next((p for p in params if p.name.value == "training"), None)
        if param is None:
            return []
        reads = [n for n in descendants(method.body)
                 if isinstance(n, cst.Name) and n.value == "training"
                 and self.facts.index.uses.get(n) is not None]
        return [Component(cls, cls.name.value, CUSTOM)] if reads else []

    def _attribute_models(self, cls: cst.ClassDef, depth: int) -> list[Component]:
        """`self.encoder = encoder` (a model passed to `__init__`): what that model holds."""
        found: list[Component] = []
        if depth > MAX_DEPTH:
            return found
        for value in self.resolver.self_attributes(cls).values():
            if not isinstance(value, cst.Name):
                continue
            model = self.discovery.model_of(value)
            if model is not None:
                found.extend(self._of_model(model, depth + 1))
        return found

    def _on_self(self, call: cst.Call) -> bool:
        receiver = calls.receiver(call)
        function = self.facts.index.enclosing_function.get(call)
        return isinstance(receiver, cst.Name) and function is not None \
            and receiver.value == first_param(function)

    @cached_property
    def _class_calls(self) -> dict[cst.ClassDef, list[cst.Call]]:
        """The calls in each class's methods (nested functions of a method excluded)."""
        table: dict[cst.ClassDef, list[cst.Call]] = {}
        enclosing_class = self.facts.index.enclosing_class
        for call, function in self.facts.index.enclosing_function.items():
            cls = enclosing_class.get(function)
            if cls is not None and isinstance(call, cst.Call):
                table.setdefault(cls, []).append(call)
        return table


def training_default(facts: CoreFacts, cls: cst.ClassDef, depth: int = 0) -> object:
    """The default of `training` in the class's `call` (its own, else a local base's): True,
    False, None, or UNKNOWN when there is no such parameter or it is not a literal."""
    method = own_method(cls, "call")
    if method is None:
        for base in cls.bases:
            local = facts.definition(base.value)
            if isinstance(local, cst.ClassDef) and depth < MAX_DEPTH:
                return training_default(facts, local, depth + 1)
        return UNKNOWN
    params = list(method.params.params) + list(method.params.kwonly_params)
    param = next((p for p in params if p.name.value == "training"), None)
    if param is None or param.default is None:
        return UNKNOWN
    return facts.values.literal(param.default)


_LOSS_WHATS = frozenset({*_REGULARIZER_ARGUMENTS, "ActivityRegularization", "add_loss"})


_REGULARIZER_STRINGS = frozenset({"l1", "l2", "l1_l2", "orthogonal_regularizer"})


def _is_regularizer(facts: CoreFacts, expr: cst.BaseExpression) -> bool:
    """A Keras regularizer certainly given (`l2(1e-4)`, `"l2"`); not `None`, not a value
    passed through a parameter we cannot see, not `l2(0.0)` (it adds nothing)."""
    value = resolve(facts, expr)
    if isinstance(value, (cst.SimpleString, cst.ConcatenatedString)):
        return facts.values.literal(value) in _REGULARIZER_STRINGS
    if not isinstance(value, cst.Call):
        return False
    if not (facts.call_name(value) or "").startswith("keras.regularizers."):
        return False
    numbers = [literal(facts, a.value, Context()) for a in value.args]
    return not (numbers and all(isinstance(n, (int, float)) and n == 0 for n in numbers))


def _unique(components: list[Component]) -> list[Component]:
    seen: set[tuple[int, str]] = set()
    out = []
    for component in components:
        key = (id(component.node), component.what)
        if key not in seen:
            seen.add(key)
            out.append(component)
    return out
