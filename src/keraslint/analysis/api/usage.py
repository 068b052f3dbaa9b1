"""How the file uses its models: fits of models never compiled, and models built from objects
of two Keras implementations.

- `uncompiled_fits`: a `fit`/`evaluate` on a model the file builds (not one loaded from disk,
  which keeps its compile state) when no `compile` reaches it first: none at all, or only one
  later in the same straight-line block. A compile whose receiver is unknown, a model handed to
  another function or object, or a subclassed model compiling itself leaves it unknown.
- `mixed_models`: a model whose construction, layers or compiled optimizer come from both Keras 3
  and `tf_keras` (see `flavour`): Keras refuses the foreign object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterator, Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.api.flavour import Flavour
from keraslint.analysis.api.optimizers import Optimizers
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.models import APPLICATION, FUNCTIONAL, SEQUENTIAL, SUBCLASSED, ModelFact, ModelFacts

_BUILT_STYLES = frozenset({SEQUENTIAL, FUNCTIONAL, SUBCLASSED, APPLICATION})
_MODEL_METHODS_KEEPING = frozenset({"fit", "evaluate", "predict", "summary", "add", "pop",
                                    "compile", "save", "save_weights", "load_weights", "build",
                                    "get_layer", "count_params", "to_json", "get_config"})


@dataclass(frozen=True)
class UncompiledFit:
    """A `fit`/`evaluate` (`call`) on `model`; `later` is a compile after it, if any."""

    call: cst.Call = field(repr=False)
    model: ModelFact = field(repr=False)
    later: Optional[cst.Call] = field(default=None, repr=False)


@dataclass(frozen=True)
class MixedModel:
    """A model (`model`) whose `foreign` object comes from `foreign_keras`, while the model
    itself (`own`) comes from `own_keras`."""

    model: ModelFact = field(repr=False)
    own: cst.CSTNode = field(repr=False)
    own_keras: str
    foreign: cst.CSTNode = field(repr=False)
    foreign_keras: str


class Usage:
    def __init__(self, facts: CoreFacts, models: ModelFacts, flavour: Flavour,
                 optimizers: Optimizers) -> None:
        self.facts = facts
        self.models = models
        self.flavour = flavour
        self.optimizers = optimizers

    # -- compile before fit ----------------------------------------------------------------------
    @cached_property
    def uncompiled_fits(self) -> list[UncompiledFit]:
        compiles = self.models.compiles
        if any(c.model is None for c in compiles):
            return []  # a compile of an unknown receiver may compile any model
        found = []
        for method in ("fit", "evaluate"):
            for call in self.facts.method_calls(method):
                model = self.models.model_of(calls.receiver(call), call)
                if model is None or model.style not in _BUILT_STYLES:
                    continue
                if self._handed_over(calls.receiver(call)) or self._compiles_itself(model):
                    continue
                own = [c.call for c in compiles if c.model is not None and c.model.same_as(model)]
                if not own:
                    found.append(UncompiledFit(call, model))
                    continue
                later = self._only_later(call, own)
                if later is not None:
                    found.append(UncompiledFit(call, model, later))
        return sorted(found, key=lambda f: self.facts.call_order[f.call])

    def _only_later(self, call: cst.Call, compiles: list[cst.Call]) -> Optional[cst.Call]:
        """The first compile, when every compile comes after `call` in the same block."""
        order = self.facts.call_order
        scope = self.facts.index.call_scopes.get(call)
        blocks = self.facts.index.call_blocks.get(call, ())
        for compiled in compiles:
            if order[compiled] < order[call] or self.facts.index.call_scopes.get(compiled) is not scope:
                return None
            if blocks or self.facts.index.call_blocks.get(compiled, ()):
                return None
        return min(compiles, key=order.__getitem__)

    def _handed_over(self, receiver: Optional[cst.BaseExpression]) -> bool:
        """The model's variable passed to any call (a helper, a wrapper, a strategy...)."""
        if not isinstance(receiver, cst.Name):
            return receiver is not None
        binding = self.facts.values.binding_of(receiver)
        return binding is None or binding in self._passed_bindings

    @cached_property
    def _passed_bindings(self) -> set:
        found = set()
        for call in self.facts.index.calls:
            for arg in call.args:
                if isinstance(arg.value, cst.Name):
                    binding = self.facts.values.binding_of(arg.value)
                    if binding is not None:
                        found.add(binding)
        return found

    def _compiles_itself(self, model: ModelFact) -> bool:
        if model.style != SUBCLASSED or not isinstance(model.node, cst.Call):
            return False
        local = self.facts.definition(model.node.func)
        if not isinstance(local, cst.ClassDef):
            return True
        for call in self.facts.method_calls("compile"):
            function = self.facts.index.enclosing_function.get(call)
            if function is not None and self.facts.index.enclosing_class.get(function) is local:
                return True
        return False

    # -- mixed Keras implementations ---------------------------------------------------------------
    @cached_property
    def mixed_models(self) -> list[MixedModel]:
        if len(self.flavour.uses_keras) < 2:
            return []
        found = []
        for model in self.models.all_models:
            mixed = self._mixed(model)
            if mixed is not None:
                found.append(mixed)
        return found

    def _mixed(self, model: ModelFact) -> Optional[MixedModel]:
        own = self.flavour.implementation_of(model.node)
        if own is None:
            return None
        for node in self._parts(model):
            other = self.flavour.implementation_of(node)
            if other is not None and other != own:
                return MixedModel(model, model.node, own, node, other)
        return None

    def _parts(self, model: ModelFact) -> Iterator[cst.CSTNode]:
        for path in model.paths:
            for step in path:
                if isinstance(step.node, cst.Call):
                    yield step.node
        for compiled in self.optimizers.compiled:
            if compiled.compile.model is not None and compiled.compile.model.same_as(model):
                yield compiled.optimizer.call
