"""Keras API facts: which Keras a file runs on, what its optimizers, metrics and callbacks are,
which APIs it uses that a Keras version removed, and what it repeats in loops
(`facts.api`).

Rules about the Keras API ask these questions rather than reading calls themselves, so two
rules never disagree about, say, which Keras `tf.keras` means in a file. Every answer has an
"unknown" (None, an empty list) and rules stay quiet on it. The package's modules, lowest first:

- `flavour`: Keras 3 / `tf_keras` per file and per object namespace, TF1 graph mode;
- `tf1_names`: the TF1 names TF2's `tf` lacks (data);
- `optimizers`: optimizer constructions, learning rates, the compiles they reach;
- `logs`: hand-written logarithms of probabilities;
- `metrics`: the names a compile logs and the callbacks monitoring them;
- `removed`: the catalogue of removed/renamed/ignored APIs and their uses;
- `targets`: whether training targets are real values;
- `tf1`: TF1 APIs in a TF2 program;
- `usage`: fits of never-compiled models, models mixing Keras implementations;
- `resources`: predicts and model builds in loops, seeding calls.
"""

from __future__ import annotations

from functools import cached_property

from keraslint.analysis.api.flavour import KERAS3, LEGACY, Flavour
from keraslint.analysis.api.logs import CROSS_ENTROPY, PROBABILITY, ManualLog, ManualLogs
from keraslint.analysis.api.metrics import (
    AUTO,
    BINARY,
    AccuracyMetric,
    LoggedNames,
    MetricName,
    Metrics,
    Monitor,
    MonitoredFit,
    snake_case,
)
from keraslint.analysis.api.optimizers import (
    ARGUMENT,
    DEFAULT,
    SCHEDULE,
    CompiledOptimizer,
    LearningRate,
    OptimizerFact,
    Optimizers,
)
from keraslint.analysis.api.removed import (
    CHANGES,
    IGNORES_LR,
    OK,
    RAISES,
    SILENT,
    WARNS,
    Change,
    RemovedApi,
    RemovedUse,
)
from keraslint.analysis.api.resources import LoopedCall, Resources
from keraslint.analysis.api.targets import Targets
from keraslint.analysis.api.tf1 import GRAPH_ONLY, KERAS3_LAYERS, REMOVED, Tf1Apis, Tf1Use
from keraslint.analysis.api.usage import MixedModel, UncompiledFit, Usage
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.models import ModelFacts

__all__ = [
    "CROSS_ENTROPY", "PROBABILITY", "ManualLog", "AUTO", "BINARY", "AccuracyMetric", "ARGUMENT", "CHANGES", "DEFAULT", "GRAPH_ONLY", "IGNORES_LR", "KERAS3", "KERAS3_LAYERS",
    "LEGACY", "OK", "RAISES", "REMOVED", "SCHEDULE", "SILENT", "WARNS", "ApiFacts", "Change",
    "CompiledOptimizer", "LearningRate", "LoggedNames", "LoopedCall", "MetricName", "MixedModel",
    "Monitor", "MonitoredFit", "OptimizerFact", "RemovedUse", "Tf1Use", "UncompiledFit",
    "snake_case",
]


class ApiFacts:
    """The questions rules ask about the Keras API a file uses."""

    def __init__(self, facts: CoreFacts, models: ModelFacts) -> None:
        self.facts = facts
        self.models = models
        self.flavour = Flavour(facts)
        self._optimizers = Optimizers(facts, models)
        self._metrics = Metrics(facts, models)
        self._removed = RemovedApi(facts, models, self.flavour, self._optimizers)
        self._tf1 = Tf1Apis(facts, self.flavour)
        self._usage = Usage(facts, models, self.flavour, self._optimizers)
        self._resources = Resources(facts, models)
        self._logs = ManualLogs(facts)
        self._targets = Targets(facts, models.arrays)

    # -- which Keras -----------------------------------------------------------------------------
    @property
    def keras(self):
        """KERAS3, LEGACY (`tf_keras`) or None: the one Keras the file's imports name."""
        return self.flavour.keras

    # -- optimizers ------------------------------------------------------------------------------
    @property
    def optimizers(self) -> list[OptimizerFact]:
        """Every optimizer construction, with its kind and learning rate."""
        return self._optimizers.all

    @property
    def compiled_optimizers(self) -> list[CompiledOptimizer]:
        """(compile, optimizer) for each compile given a known optimizer construction."""
        return self._optimizers.compiled

    def optimizer_of(self, expr) -> OptimizerFact | None:
        return self._optimizers.of(expr)

    # -- metrics and callbacks -------------------------------------------------------------------
    def metric_names(self, compiled) -> tuple[MetricName, ...] | None:
        """The names a compile's metrics are logged under (single-output models), or None."""
        return self._metrics.metric_names(compiled)

    def listed_metrics(self, compiled):
        """The metrics `compile(metrics=...)` lists, as written (None: unknown)."""
        return self._metrics.listed(compiled)

    def accuracy_metric(self, expr) -> AccuracyMetric | None:
        """What accuracy metric `expr` is (`"accuracy"`, `BinaryAccuracy(threshold=...)`)."""
        return self._metrics.accuracy(expr)

    def metric_name(self, expr) -> MetricName | None:
        return self._metrics.metric_name(expr)

    @property
    def monitored_fits(self) -> list[MonitoredFit]:
        """Each (monitoring callback, fit running it), with what that fit logs (if known)."""
        return self._metrics.monitored_fits

    def validates(self, fit):
        """Whether a `fit` validates (logs `val_*`): True, False, or None when unknown."""
        return self._metrics.validates(fit)

    # -- removed APIs ----------------------------------------------------------------------------
    @property
    def removed_uses(self) -> list[RemovedUse]:
        return self._removed.uses

    @property
    def tf1_uses(self) -> list[Tf1Use]:
        return self._tf1.uses

    def continuous_targets(self, labels) -> bool | None:
        """True when training targets are certainly real values (a regression), else None."""
        return self._targets.continuous(labels)

    @property
    def manual_logs(self) -> list[ManualLog]:
        """Hand-written logs of probabilities that nothing keeps off zero."""
        return self._logs.uses

    # -- usage -----------------------------------------------------------------------------------
    @property
    def uncompiled_fits(self) -> list[UncompiledFit]:
        return self._usage.uncompiled_fits

    @property
    def mixed_models(self) -> list[MixedModel]:
        return self._usage.mixed_models

    # -- loops and seeds -------------------------------------------------------------------------
    @property
    def predict_in_loops(self) -> list[LoopedCall]:
        return self._resources.predict_in_loops

    @property
    def models_in_loops(self) -> list[LoopedCall]:
        return self._resources.models_in_loops

    @property
    def seeds(self):
        return self._resources.seeds

    @property
    def training_calls(self):
        return self._resources.training_calls

    @cached_property
    def is_tf1_program(self) -> bool:
        """Runs TF1 graphs on purpose (`disable_v2_behavior()`, `disable_eager_execution()`)."""
        return self.flavour.graph_mode
