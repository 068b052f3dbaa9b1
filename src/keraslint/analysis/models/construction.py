"""Building the `ModelFact` of one construction call, whatever the model's style.

`Sequential(...)`, `Model(inputs, outputs)`, an instance of a local `keras.Model` subclass, a
`keras.applications` model, a loaded model, or a local builder function returning one of these
(its parameters bound to the call's arguments). `ModelBuilder` dispatches on the style and is
the `NestedModels` the styles ask for models inside models.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import (
    UNITS,
    Context,
    LayerInfo,
    activation_name,
    bind_arguments,
    literal,
)
from keraslint.analysis.models.changes import Changes
from keraslint.analysis.models.functional import FunctionalModels
from keraslint.analysis.models.model import (
    APPLICATION,
    LOADED,
    MAX_DEPTH,
    ModelFact,
    ModelOutput,
    output_facts,
)
from keraslint.analysis.models.resolution import Origin, Resolver
from keraslint.analysis.models.sequential import SequentialModels
from keraslint.analysis.models.tracing import Tracer

_LOADERS = frozenset({
    "keras.models.load_model", "keras.saving.load_model", "keras.models.clone_model",
    "keras.models.model_from_json", "keras.models.model_from_config",
    "keras.models.model_from_yaml",
})


class ModelBuilder:
    """The model a construction call builds, by style; models nested in models come back here."""

    def __init__(self, facts: CoreFacts, resolver: Resolver, changes: Changes) -> None:
        self.facts = facts
        self.resolver = resolver
        self.tracer = Tracer(facts, self)
        self.sequential = SequentialModels(facts, resolver, changes, self)
        self.functional = FunctionalModels(facts, resolver, changes, self.tracer)

    def model_from(self, call: cst.Call, ctx: Context, origin: Optional["Origin"],
                    depth: int) -> Optional[ModelFact]:
        if depth > MAX_DEPTH:
            return None
        name = self.facts.call_name(call)
        if name == "keras.Sequential":
            return self.sequential.build(call, ctx, origin, depth)
        if name == "keras.Model":
            return self.functional.functional(call, ctx, depth)
        if name in _LOADERS:
            return ModelFact(call, LOADED)
        if name is not None and is_application(name):
            return self._application(call, ctx)
        definition = self.facts.definition(call.func)
        if isinstance(definition, cst.ClassDef) and is_model_class(self.facts, definition):
            return self.functional.subclassed(call, definition, ctx, depth)
        if isinstance(definition, cst.FunctionDef):
            return self._builder(call, definition, ctx, depth)
        return None

    def _builder(self, call: cst.Call, function: cst.FunctionDef, ctx: Context,
                 depth: int) -> Optional[ModelFact]:
        returned = self.facts.returned_values(function)
        if len(returned) != 1 or returned[0] is None:
            return None
        inner = Context(dict(ctx.env) | bind_arguments(function, call))
        target, origin = self.resolver.resolve_binding(returned[0], inner)
        if not isinstance(target, cst.Call):
            return None
        return self.model_from(target, inner, origin, depth + 1)

    def _application(self, call: cst.Call, ctx: Context) -> ModelFact:
        include_top = _argument_literal(self.facts, call, "include_top", 0, True, ctx)
        if include_top is not True:
            return ModelFact(call, APPLICATION)
        arg = calls.argument(call, "classifier_activation")
        if arg is not None:
            activation, node = activation_name(self.facts, arg.value, ctx), arg
        elif calls.has_unpacking(call):
            activation, node = None, call
        else:
            activation, node = "softmax", call
        units = _argument_literal(self.facts, call, "classes", None, 1000, ctx)
        units = units if isinstance(units, int) and not isinstance(units, bool) else None
        name = self.facts.call_name(call) or "application"
        step = LayerInfo(call, name.rsplit(".", 1)[-1], UNITS, units, activation, node)
        head = ModelOutput(None, output_facts([step]), (step,), True)
        return ModelFact(call, APPLICATION, (step,), True, head.facts, (head,))


def is_application(name: str) -> bool:
    parts = name.split(".")
    return len(parts) >= 3 and parts[:2] == ["keras", "applications"] and parts[-1][:1].isupper()


def is_model_class(facts: CoreFacts, cls: cst.ClassDef) -> bool:
    bases = facts.class_bases(cls)
    return "keras.Model" in bases and "keras.Sequential" not in bases


def _argument_literal(facts: CoreFacts, call: cst.Call, keyword: str, position: Optional[int],
                      default: object, ctx: Context) -> object:
    from keraslint.analysis.values import UNKNOWN

    arg = calls.argument(call, keyword, position)
    if arg is None:
        return UNKNOWN if calls.has_unpacking(call) else default
    return literal(facts, arg.value, ctx)
