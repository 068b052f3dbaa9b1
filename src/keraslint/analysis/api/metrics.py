"""Metrics a compile asks for, the names Keras logs them under, and the callbacks that
monitor those names.

Keras 3 (`keras/src/trainers/compile_utils.py`) names what `fit` logs: `loss`; a metric given
as a string under that very string (`"accuracy"` -> `accuracy`, `"acc"` -> `acc`, `"mae"` ->
`mae`); a metric object under its `name` (the snake-cased class name, `AUC()` -> `auc`, made
unique per session as `auc_1`, `auc_2`... when several are built); a function under its
snake-cased `__name__`. With several outputs each is prefixed `<output>_`; validation adds
`val_` to every name, only when `fit` gets `validation_data=` or `validation_split=`. Keras 2.3
and later (`tf.keras` of TF 2, `tf_keras`) name them the same way; Keras <= 2.2 and TF 1's
`tf.keras` logged `"accuracy"` as `acc`.

Every answer has an "unknown": a metric the code builds at run time, a custom metric class, a
model with several or unknown outputs, a subclassed model with its own `train_step`, a file
that adds metrics elsewhere (`add_metric`, custom callbacks). Rules stay quiet on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import literal, resolve
from keraslint.analysis.models import CompileFact, FitFact, ModelFacts
from keraslint.analysis.scopes import OPAQUE, PARAM

# Callbacks that watch a logged quantity: leaf -> position of `monitor`.
MONITORING_CALLBACKS = {"EarlyStopping": 0, "ReduceLROnPlateau": 0, "ModelCheckpoint": 1}
# Metric classes whose first parameter is `name` (`Accuracy("acc")`).
_NAME_FIRST = frozenset({
    "Accuracy", "BinaryAccuracy", "CategoricalAccuracy", "SparseCategoricalAccuracy",
    "MeanSquaredError", "MeanAbsoluteError", "RootMeanSquaredError",
    "MeanAbsolutePercentageError", "MeanSquaredLogarithmicError", "LogCoshError", "Hinge",
    "SquaredHinge", "CategoricalHinge", "Poisson", "KLDivergence", "Mean", "Sum",
})
_STEP_METHODS = frozenset({"train_step", "test_step", "compute_metrics", "compute_loss"})


@dataclass(frozen=True)
class MetricName:
    """The name one metric is logged under: `name` exactly, or (`numbered`) `name` or
    `name_<n>` (metric objects named per session); `node` is the metric as written."""

    name: str
    node: cst.CSTNode = field(repr=False)
    numbered: bool = False

    def matches(self, logged: str) -> bool:
        if logged == self.name:
            return True
        return self.numbered and re.fullmatch(re.escape(self.name) + r"_\d+", logged) is not None


# Accuracy metrics: how each is spelled -> what it compares.
AUTO, BINARY, CATEGORICAL, SPARSE, EXACT = "auto", "binary", "categorical", "sparse", "exact"
_ACCURACY_STRINGS = {"accuracy": AUTO, "acc": AUTO, "binary_accuracy": BINARY,
                     "categorical_accuracy": CATEGORICAL,
                     "sparse_categorical_accuracy": SPARSE}
_ACCURACY_CLASSES = {"Accuracy": EXACT, "BinaryAccuracy": BINARY,
                     "CategoricalAccuracy": CATEGORICAL, "SparseCategoricalAccuracy": SPARSE,
                     "binary_accuracy": BINARY, "categorical_accuracy": CATEGORICAL,
                     "sparse_categorical_accuracy": SPARSE}


@dataclass(frozen=True)
class AccuracyMetric:
    """An accuracy metric as listed in `compile(metrics=...)`: `kind` is AUTO (`"accuracy"`,
    `"acc"`: Keras picks binary for a one-unit output, categorical otherwise), BINARY,
    CATEGORICAL, SPARSE or EXACT (`Accuracy()`); `threshold` is BinaryAccuracy's (0.5 unless
    given; None when unknown); `node` is the list element as written."""

    node: cst.BaseExpression = field(repr=False)
    kind: str
    threshold: Optional[float] = 0.5


@dataclass(frozen=True)
class LoggedNames:
    """What one `fit` logs per epoch, when known: the training names and `validation`."""

    metrics: tuple[MetricName, ...]
    validation: Optional[bool]  # None: unknown whether fit validates
    extra: frozenset[str] = frozenset()  # added by callbacks (`learning_rate`)

    def logs(self, name: str) -> Optional[bool]:
        """True if `name` is certainly logged, False if certainly not, None if unknown."""
        base = name[4:] if name.startswith("val_") else name
        produced = self._produces(base)
        if name.startswith("val_") and not self._produces(name):
            if not produced:
                return False
            return None if self.validation is None else self.validation
        return True if self._produces(name) else False

    def _produces(self, name: str) -> bool:
        return name == "loss" or name in self.extra or any(m.matches(name) for m in self.metrics)

    def compiled(self, base: str) -> bool:
        """Whether a compiled metric (or the loss) has this unprefixed name."""
        return base == "loss" or any(m.matches(base) for m in self.metrics)

    @property
    def names(self) -> list[str]:
        found = ["loss"] + [m.name for m in self.metrics]
        if self.validation:
            found += [f"val_{n}" for n in found]
        return found


@dataclass(frozen=True)
class Monitor:
    """A callback watching a logged name: `call` builds it, `name` is the monitored quantity
    (`val_loss` by default), `node` the `monitor=` argument (None: the default), `mode` the
    literal `mode=` ("auto" by default, None when unknown)."""

    call: cst.Call = field(repr=False)
    kind: str
    name: str
    node: Optional[cst.CSTNode] = field(repr=False)
    mode: Optional[str]
    save_best_only: Optional[bool]


@dataclass(frozen=True)
class MonitoredFit:
    """A `fit` that runs a monitoring callback, with what that fit logs (None: unknown)."""

    monitor: Monitor
    fit: FitFact = field(repr=False)
    compile: Optional[CompileFact] = field(repr=False)
    logged: Optional[LoggedNames]


class Metrics:
    def __init__(self, facts: CoreFacts, models: ModelFacts) -> None:
        self.facts = facts
        self.models = models

    # -- metric names ----------------------------------------------------------------------------
    def metric_names(self, compiled: CompileFact) -> Optional[tuple[MetricName, ...]]:
        """The names the compile's metrics are logged under (single-output models), or None."""
        model = compiled.model
        if model is None or not model.outputs or len(model.outputs) != 1:
            return None
        if self._adds_metrics_elsewhere or self._own_steps(model.node):
            return None
        if calls.has_unpacking(compiled.call) or len(
                [a for a in compiled.call.args if a.keyword is None]) > 2:
            return None  # metrics passed positionally: their position differs between Keras
        names: list[MetricName] = []
        for keyword in ("metrics", "weighted_metrics"):
            value = calls.argument_value(compiled.call, keyword)
            if value is None:
                continue
            found = self._names_in(value)
            if found is None:
                return None
            if keyword == "weighted_metrics":
                found = [_weighted(m, names) for m in found]
            names.extend(found)
        return tuple(names)

    def listed(self, compiled: CompileFact) -> Optional[list[cst.BaseExpression]]:
        """The metrics `compile(metrics=...)` lists, as written; None when unknown (a dict
        per output, a list built elsewhere or changed in place)."""
        value = calls.argument_value(compiled.call, "metrics")
        if value is None:
            return []
        resolved = resolve(self.facts, value)
        if isinstance(resolved, (cst.List, cst.Tuple)):
            if isinstance(value, cst.Name) and self._list_changed(value):
                return None
            if any(isinstance(e, cst.StarredElement) for e in resolved.elements):
                return None
            return [e.value for e in resolved.elements]
        if resolved is None or isinstance(resolved, cst.Dict):
            return None
        return [value]

    def accuracy(self, expr: cst.BaseExpression) -> Optional[AccuracyMetric]:
        """The accuracy metric `expr` is (a string, a class instance, a function), or None."""
        resolved = resolve(self.facts, expr)
        if resolved is None:
            return None
        text = literal(self.facts, resolved)
        if isinstance(text, str):
            kind = _ACCURACY_STRINGS.get(text)
            return None if kind is None else AccuracyMetric(expr, kind)
        target = resolved.func if isinstance(resolved, cst.Call) else resolved
        name = self.facts.qualified_name(target) or ""
        if not name.startswith("keras.metrics."):
            return None
        kind = _ACCURACY_CLASSES.get(name.rsplit(".", 1)[-1])
        if kind is None:
            return None
        threshold: Optional[float] = 0.5
        if isinstance(resolved, cst.Call) and kind == BINARY:
            arg = calls.argument(resolved, "threshold", 2)
            if arg is not None or calls.has_unpacking(resolved):
                value = literal(self.facts, arg.value) if arg is not None else None
                threshold = float(value) if isinstance(value, (int, float)) \
                    and not isinstance(value, bool) else None
        return AccuracyMetric(expr, kind, threshold)

    def _names_in(self, value: cst.BaseExpression) -> Optional[list[MetricName]]:
        resolved = resolve(self.facts, value)
        if resolved is None or (isinstance(resolved, cst.Name) and resolved.value == "None"):
            return [] if resolved is not None else None
        if isinstance(resolved, (cst.List, cst.Tuple)):
            if isinstance(value, cst.Name) and self._list_changed(value):
                return None
            out = []
            for element in resolved.elements:
                if isinstance(element, cst.StarredElement):
                    return None
                name = self.metric_name(element.value)
                if name is None:
                    return None
                out.append(name)
            return out
        name = self.metric_name(resolved)
        return None if name is None else [name]

    def metric_name(self, expr: cst.BaseExpression) -> Optional[MetricName]:
        """The name one metric (a string, a metric object or a function) is logged under."""
        resolved = resolve(self.facts, expr)
        if resolved is None:
            return None
        text = literal(self.facts, resolved)
        if isinstance(text, str):
            return MetricName(text, expr)
        if isinstance(resolved, cst.Call):
            qualified = self.facts.call_name(resolved) or ""
            if not qualified.startswith(("keras.metrics.", "keras.losses.")):
                return None
            leaf = qualified.rsplit(".", 1)[-1]
            given = calls.argument(resolved, "name", 0 if leaf in _NAME_FIRST else None)
            if given is not None:
                value = literal(self.facts, given.value)
                return MetricName(value, expr) if isinstance(value, str) else None
            if calls.has_unpacking(resolved) or (leaf not in _NAME_FIRST and any(
                    a.keyword is None for a in resolved.args)):
                return None  # a positional argument may be the name
            return MetricName(snake_case(qualified.rsplit(".", 1)[-1]), expr, numbered=True)
        qualified = self.facts.qualified_name(resolved)
        if qualified is not None and qualified.startswith(("keras.metrics.", "keras.losses.")):
            return MetricName(snake_case(qualified.rsplit(".", 1)[-1]), expr)
        local = self.facts.definition(resolved)
        if isinstance(local, cst.FunctionDef):
            return MetricName(snake_case(local.name.value), expr)
        return None

    def _list_changed(self, name: cst.Name) -> bool:
        binding = self.facts.values.binding_of(name)
        return binding is None or binding in self._mutated_bindings

    @cached_property
    def _mutated_bindings(self) -> set:
        found = set()
        for method in ("append", "extend", "insert", "remove", "pop", "clear"):
            for call in self.facts.method_calls(method):
                target = calls.receiver(call)
                if isinstance(target, cst.Name):
                    binding = self.facts.values.binding_of(target)
                    if binding is not None:
                        found.add(binding)
        return found

    @cached_property
    def _adds_metrics_elsewhere(self) -> bool:
        """`add_metric` calls, or a local `Callback` subclass (it may write to `logs`)."""
        if self.facts.method_calls("add_metric"):
            return True
        return any("keras.callbacks.Callback" in self.facts.class_bases(cls)
                   for classes in self.facts.index.classes.values() for cls in classes)

    def _own_steps(self, node: cst.CSTNode) -> bool:
        """A subclassed model whose class defines its own training or test step."""
        if not isinstance(node, cst.Call):
            return False
        local = self.facts.definition(node.func)
        if not isinstance(local, cst.ClassDef):
            return False
        return self._defines_steps(local, 0)

    def _defines_steps(self, cls: cst.ClassDef, depth: int) -> bool:
        if any(isinstance(s, cst.FunctionDef) and s.name.value in _STEP_METHODS
               for s in cls.body.body):
            return True
        if depth > 6:
            return True
        for base in cls.bases:
            local = self.facts.definition(base.value)
            if isinstance(local, cst.ClassDef) and self._defines_steps(local, depth + 1):
                return True
        return False

    # -- fits ------------------------------------------------------------------------------------
    def validates(self, fit: FitFact) -> Optional[bool]:
        """Whether a `fit` computes validation metrics (`val_*`): True, False or None."""
        call = fit.call
        if calls.has_unpacking(call):
            return None
        data = calls.argument(call, "validation_data", 7)
        if data is not None:
            value = resolve(self.facts, data.value)
            if value is None:
                # data unpacked from a call or bound in branches is data; a parameter may be None
                return None if self._may_be_parameter(data.value) else True
            if not (isinstance(value, cst.Name) and value.value == "None"):
                return True
        split = calls.argument(call, "validation_split", 6)
        if split is None:
            return False
        value = literal(self.facts, split.value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value > 0
        return None

    def _may_be_parameter(self, expr: cst.BaseExpression) -> bool:
        """A name that is (or may be) a function parameter: its value may be None."""
        if not isinstance(expr, cst.Name):
            return True
        use = self.facts.index.uses.get(expr)
        scope = use.scope if use is not None else None
        while scope is not None:
            bindings = scope.bindings.get(expr.value)
            if bindings:
                return any(b.kind in (PARAM, OPAQUE) for b in bindings)
            scope = scope.parent
        return True

    def compile_before(self, fit: FitFact) -> Optional[CompileFact]:
        """The model's last compile before the fit (in source order), or None."""
        order = self.facts.call_order
        before = [c for c in self.models.compiles
                  if c.model is not None and fit.model is not None and c.model.same_as(fit.model)
                  and order[c.call] < order[fit.call]]
        return before[-1] if before else None

    # -- callbacks -------------------------------------------------------------------------------
    @cached_property
    def monitors(self) -> list[Monitor]:
        """Every EarlyStopping / ReduceLROnPlateau / ModelCheckpoint construction whose
        monitored name is known."""
        found = []
        names = [f"keras.callbacks.{leaf}" for leaf in MONITORING_CALLBACKS]
        for call in self.facts.calls_to(*names):
            kind = (self.facts.call_name(call) or "").rsplit(".", 1)[-1]
            if calls.has_unpacking(call):
                continue
            arg = calls.argument(call, "monitor", MONITORING_CALLBACKS[kind])
            name = "val_loss" if arg is None else literal(self.facts, arg.value)
            if not isinstance(name, str):
                continue
            mode_arg = calls.argument(call, "mode")
            mode = "auto" if mode_arg is None else literal(self.facts, mode_arg.value)
            best = calls.argument(call, "save_best_only", 3)
            save_best = False if best is None else literal(self.facts, best.value)
            found.append(Monitor(call, kind, name, None if arg is None else arg.value,
                                 mode if isinstance(mode, str) else None,
                                 save_best if isinstance(save_best, bool) else None))
        return found

    @cached_property
    def monitored_fits(self) -> list[MonitoredFit]:
        """(monitor, fit) for each fit whose `callbacks=` certainly holds the monitor."""
        by_call = {m.call: m for m in self.monitors}
        if not by_call:
            return []
        found = []
        for fit in self.models.fits:
            for callback in self._callbacks_of(fit.call):
                monitor = by_call.get(callback)
                if monitor is None:
                    continue
                compiled = self.compile_before(fit)
                found.append(MonitoredFit(monitor, fit, compiled, self._logged(fit, compiled)))
        return found

    def _callbacks_of(self, call: cst.Call) -> list[cst.Call]:
        value = resolve(self.facts, calls.argument_value(call, "callbacks", 5))
        if not isinstance(value, (cst.List, cst.Tuple)):
            return []
        out = []
        for element in value.elements:
            if isinstance(element, cst.StarredElement):
                continue
            item = resolve(self.facts, element.value)
            if isinstance(item, cst.Call):
                out.append(item)
        return out

    def _logged(self, fit: FitFact, compiled: Optional[CompileFact]) -> Optional[LoggedNames]:
        if compiled is None:
            return None
        names = self.metric_names(compiled)
        if names is None:
            return None
        extra = set()
        for callback in self._callbacks_of(fit.call):
            if (self.facts.call_name(callback) or "").endswith("ReduceLROnPlateau"):
                extra |= {"learning_rate", "lr"}
        return LoggedNames(names, self.validates(fit), frozenset(extra))


def _weighted(metric: MetricName, earlier: list[MetricName]) -> MetricName:
    """A weighted metric keeps its name unless a plain metric took it (then `weighted_<name>`)."""
    if any(m.name == metric.name for m in earlier):
        return MetricName(f"weighted_{metric.name}", metric.node, metric.numbered)
    return metric


def snake_case(name: str) -> str:
    """Keras's `to_snake_case`: `CategoricalAccuracy` -> `categorical_accuracy`, `AUC` -> `auc`."""
    intermediate = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    insecure = re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()
    if insecure[0] != "_":
        return insecure
    return "private" + insecure
