"""Which expressions are models: the models a file builds, and what a receiver stands for.

`model_of` answers for one expression (`model` in `model.fit(...)`); `all_models` lists every
construction in the file; `is_keras_model` / `trains_keras_model` tell a Keras model from
another library's estimator with its own `.fit`.
"""

from __future__ import annotations

from functools import cached_property
from typing import Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import Context
from keraslint.analysis.models.changes import Changes
from keraslint.analysis.models.construction import ModelBuilder, is_application, is_model_class
from keraslint.analysis.models.model import ModelFact
from keraslint.analysis.models.resolution import Origin, Resolver
from keraslint.analysis.scopes import IMPORT

# Constructors of Keras models; `keras.applications.<Net>` is matched by prefix.
_MODEL_FACTORIES = frozenset({
    "keras.Sequential", "keras.Model", "keras.models.load_model", "keras.saving.load_model",
    "keras.models.clone_model", "keras.models.model_from_json", "keras.models.model_from_yaml",
    "keras.models.model_from_config",
})

_MODEL_BASES = frozenset({"keras.Model", "keras.Sequential"})

# Libraries whose estimators also have `.fit(X, y)`: an unresolved receiver in a file that
# imports one of them may well be theirs.
_OTHER_ESTIMATOR_LIBRARIES = (
    "sklearn", "xgboost", "lightgbm", "catboost", "statsmodels", "scikeras", "cuml", "pyspark",
    "imblearn", "skorch", "prophet", "sktime", "pmdarima", "hmmlearn", "umap", "gensim", "torch",
)


class ModelDiscovery:
    def __init__(self, facts: CoreFacts, resolver: Resolver, changes: Changes,
                 builder: ModelBuilder) -> None:
        self.facts = facts
        self.resolver = resolver
        self.changes = changes
        self.nested = builder
        self._cache: dict[tuple[int, int], Optional[ModelFact]] = {}

    def model_of(self, expr: Optional[cst.BaseExpression], site: Optional[cst.Call] = None
                 ) -> Optional[ModelFact]:
        """The model `expr` certainly stands for (a name, a builder call...), or None.

        `site` is the call `expr` appears in (`model.compile(...)`): inside a method it lets
        `self.model` resolve to the class's single `self.model = ...` assignment.
        """
        if isinstance(expr, cst.Attribute) and site is not None:
            expr = self.resolver.self_attribute_value(expr, site)
        target, origin = self.resolver.resolve_binding(expr, Context())
        if not isinstance(target, cst.Call):
            return None
        # Uses after the same `.add`/`.pop` calls see the same model: build it once for them.
        seen = origin and (id(origin.binding), self.changes.layer_changes_before(origin))
        key = (id(target), seen)
        if key not in self._cache:
            self._cache[key] = self.nested.model_from(target, Context(), origin, 0)
        return self._cache[key]

    @cached_property
    def all_models(self) -> list[ModelFact]:
        """Every model construction in the file (builder calls excluded: their body counts)."""
        found = []
        for call in self._constructions():
            binding = self.resolver.binding_by_value.get(call)
            model = self.nested.model_from(call, Context(), binding and Origin(binding, None), 0)
            if model is not None:
                found.append(model)
        return found

    def _constructions(self) -> list[cst.Call]:
        calls_found = self.facts.calls_to("keras.Sequential", "keras.Model")
        calls_found += [c for c in self.facts.calls_with_prefix("keras.applications.")
                        if is_application(self.facts.call_name(c) or "")]
        classes = {name for name, defs in self.facts.index.classes.items()
                   if any(is_model_class(self.facts, d) for d in defs)}
        calls_found += [c for c in self.facts.index.calls
                        if isinstance(c.func, cst.Name) and c.func.value in classes
                        and isinstance(self.facts.definition(c.func), cst.ClassDef)]
        return sorted(calls_found, key=self.facts.call_order.__getitem__)

    def is_keras_model(self, expr: Optional[cst.BaseExpression], depth: int = 0) -> Optional[bool]:
        """True if `expr` certainly holds a Keras model, False if certainly something else.

        A model is the result of `keras.Sequential`/`keras.Model`/`load_model`/
        `keras.applications.<Net>`, of a local subclass of `keras.Model`, or of a local function
        all of whose returns are models. Any other library call (`LogisticRegression()`,
        `ImageDataGenerator()`) or local class is certainly not one. None when unresolved.
        """
        if depth > 6:
            return None
        value = self.facts.values.resolve(expr)
        if not isinstance(value, cst.Call):
            return None
        name = self.facts.call_name(value)
        if name is not None:
            return name in _MODEL_FACTORIES or is_application(name)
        local = self.facts.definition(value.func)
        if isinstance(local, cst.ClassDef):
            bases = self.facts.class_bases(local)
            if bases & _MODEL_BASES:
                return True
            unresolved = any(self.facts.qualified_name(b.value) is None and self.facts.definition(b.value) is None
                             for b in local.bases)
            return None if unresolved else False
        if isinstance(local, cst.FunctionDef):
            verdicts = {self.is_keras_model(v, depth + 1) for v in self.facts.returned_values(local)}
            if verdicts == {True}:
                return True
            return False if verdicts == {False} else None
        return None

    def trains_keras_model(self, call: cst.Call) -> bool:
        """Whether a `<receiver>.fit(...)` call plausibly trains a Keras model.

        Certain models count; certain non-models do not; an unresolved receiver (a parameter,
        `self.model`) counts unless the file imports a library with its own `.fit` (sklearn,
        xgboost, ...), where the receiver may well be one of theirs.
        """
        target = calls.receiver(call)
        if target is None:
            return False
        verdict = self.is_keras_model(target)
        if verdict is not None:
            return verdict
        if self.facts.qualified_name(target) is not None:
            return False  # `module.fit(...)`: a function of some module, not a model
        return not self._imports_other_estimators

    @cached_property
    def _imports_other_estimators(self) -> bool:
        libraries = _OTHER_ESTIMATOR_LIBRARIES
        imported = any(binding.kind == IMPORT and (binding.module or "").split(".", 1)[0] in libraries
                       for scope in self.facts.index.scopes for bindings in scope.bindings.values()
                       for binding in bindings)
        return imported or any(star.split(".", 1)[0] in libraries
                               for star in self.facts.index.star_imports)
