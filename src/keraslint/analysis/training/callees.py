"""Which model a call runs, and which models a `tape.gradient` trains.

`model(x)`, `self.generator(z)` and `self(x)` inside a model's own method call a model; the
models domain knows what most of them are made of (`ModelFacts.model_of`), and a class the
file defines (a `keras.Model` or `Layer` subclass, `self` or an instance kept in an attribute)
is described by its class. Anything else (a model loaded, imported or passed in from
elsewhere) is a callee we know nothing about: None.

The sources of `tape.gradient(loss, model.trainable_variables)` name the models trained:
every `<owner>.trainable_variables`/`trainable_weights`/`variables`/`weights` in the sources
expression (through names, lists and `+`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import layer_kind, resolve
from keraslint.analysis.models import Component, ModelFact, ModelFacts
from keraslint.analysis.models.resolution import first_param
from keraslint.analysis.walk import descendants

VARIABLE_ATTRIBUTES = frozenset({"trainable_variables", "trainable_weights", "variables",
                                 "weights"})
LAYER_BASES = frozenset({"keras.layers.Layer", "keras.Model", "keras.Sequential"})


@dataclass(frozen=True)
class Callee:
    """A model (or local layer class) a call runs.

    `text` is how the call names it (`model`, `self.discriminator`, `self`); `model` its
    `ModelFact` when the models domain knows it; `cls` the class the file defines for it.
    """

    text: str
    model: Optional[ModelFact] = field(default=None, repr=False)
    cls: Optional[cst.ClassDef] = field(default=None, repr=False)


class Callees:
    def __init__(self, facts: CoreFacts, models: ModelFacts) -> None:
        self.facts = facts
        self.models = models
        self._cache: dict[int, Optional[Callee]] = {}

    def callee(self, call: cst.Call) -> Optional[Callee]:
        """The model or local layer class `call` runs, or None."""
        key = id(call)
        if key not in self._cache:
            self._cache[key] = self._callee(call)
        return self._cache[key]

    def _callee(self, call: cst.Call) -> Optional[Callee]:
        func = call.func
        if isinstance(func, cst.Attribute) and func.attr.value in ("predict", "fit", "evaluate"):
            return None
        return self.of_expression(func, call)

    def of_expression(self, func: cst.BaseExpression, call: cst.Call) -> Optional[Callee]:
        """The model (or local layer class) an expression names at `call`: `model`,
        `self.generator`, `self`; None when unknown."""
        if not isinstance(func, (cst.Name, cst.Attribute)):
            return None
        text = _text(self.facts, func)
        own = self._own_class(func, call)
        if own is not None:
            return Callee(text, None, own)
        model = self.models.model_of(func, call)
        if model is not None:
            return Callee(text, model, self._class_of(model.node))
        value = self.models.resolver.self_attribute_value(func, call) \
            if isinstance(func, cst.Attribute) else resolve(self.facts, func)
        value = resolve(self.facts, value) if isinstance(value, cst.Name) else value
        if isinstance(value, cst.Call) and layer_kind(self.facts, value) is None:
            cls = self._class_of(value)
            if cls is not None:
                return Callee(text, None, cls)
        return None

    def _own_class(self, func: cst.BaseExpression, call: cst.Call) -> Optional[cst.ClassDef]:
        """`self(x)` in a method of a Layer/Model subclass: that class."""
        if not isinstance(func, cst.Name):
            return None
        function = self.facts.index.enclosing_function.get(call)
        cls = self.facts.index.enclosing_class.get(function) if function is not None else None
        if cls is None or func.value != first_param(function):
            return None
        return cls if self.facts.class_bases(cls) & LAYER_BASES else None

    def _class_of(self, node: cst.CSTNode) -> Optional[cst.ClassDef]:
        if not isinstance(node, cst.Call):
            return None
        local = self.facts.definition(node.func)
        if isinstance(local, cst.ClassDef) and self.facts.class_bases(local) & LAYER_BASES:
            return local
        return None

    # -- what the callee holds ------------------------------------------------------------------
    def training_layers(self, callee: Callee) -> list[Component]:
        if callee.cls is not None:
            return self.models.class_training_layers(callee.cls)
        return self.models.training_layers(callee.model) if callee.model is not None else []

    def loss_layers(self, callee: Callee) -> list[Component]:
        if callee.cls is not None:
            return self.models.class_loss_layers(callee.cls)
        return self.models.loss_layers(callee.model) if callee.model is not None else []

    # -- what a gradient trains -----------------------------------------------------------------
    def variable_owners(self, sources: Optional[cst.BaseExpression]
                        ) -> Optional[list[cst.BaseExpression]]:
        """The `<owner>` of each `<owner>.trainable_variables` the sources read; None when
        the sources are not (only) models' variables we can see."""
        value = resolve(self.facts, sources)
        if value is None:
            return None
        owners: list[cst.BaseExpression] = []
        for node in descendants(value):
            if isinstance(node, cst.Attribute) and node.attr.value in VARIABLE_ATTRIBUTES:
                owners.append(node.value)
            elif isinstance(node, cst.Name) and node is not value:
                inner = resolve(self.facts, node)
                if isinstance(inner, cst.Attribute) and inner.attr.value in VARIABLE_ATTRIBUTES:
                    owners.append(inner.value)
        return owners or None

    def trains(self, owners: list[cst.BaseExpression], callee: Callee,
               site: cst.Call) -> bool:
        """Is the callee among (or inside) the models whose variables are differentiated?"""
        for owner in owners:
            text = _text(self.facts, owner)
            if text == callee.text:
                return True
            if text == "self" and callee.text.startswith("self."):
                return True  # a sub-model of the model whose variables are trained
            if callee.model is not None and isinstance(owner, (cst.Name, cst.Attribute)):
                model = self.models.model_of(owner, site)
                if callee.model.same_as(model):
                    return True
        return False


def _text(facts: CoreFacts, node: cst.CSTNode) -> str:
    return "".join(facts.module.code_for_node(node).split())


def call_text(facts: CoreFacts, node: cst.CSTNode) -> str:
    return _text(facts, node)


def passes_training(call: cst.Call) -> bool:
    """`model(x, training=...)`, `model(x, flag)` or `model(x, **kw)`: the call says something
    about `training` (a value we may not know)."""
    if calls.argument(call, "training") is not None or calls.has_unpacking(call):
        return True
    return sum(1 for a in call.args if a.keyword is None) > 1
