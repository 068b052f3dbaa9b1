"""FileFacts: everything a rule may ask about one file, computed lazily and at most once.

Rules never walk imports or scopes themselves; they ask questions here ("what is this call's
canonical name?", "what is the model's output activation?"). The names-and-values questions
come from `CoreFacts`; each higher domain of facts (initializers, arrays, models) is one
object built on first use, so a run that selects only one rule pays only for what that rule
asks. This module sits at the top of the analysis layers (see `keraslint.analysis`): it may
import every domain, and no domain imports it.
"""

from __future__ import annotations

from functools import cached_property

from keraslint.analysis.api import ApiFacts
from keraslint.analysis.arrays import ArrayFacts
from keraslint.analysis.classes import ClassFacts
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.initializers import InitializerFacts
from keraslint.analysis.lifecycle import LifecycleFacts
from keraslint.analysis.models import ModelFacts
from keraslint.analysis.pipelines import PipelineFacts
from keraslint.analysis.training import TrainingFacts
from keraslint.analysis.shapes import ShapeFacts


class FileFacts(CoreFacts):
    """The one object rules ask: `CoreFacts` plus one facade per domain."""

    @cached_property
    def classes(self) -> ClassFacts:
        return ClassFacts(self)

    @cached_property
    def initializers(self) -> InitializerFacts:
        return InitializerFacts(self)

    @cached_property
    def arrays(self) -> ArrayFacts:
        return ArrayFacts(self)

    @cached_property
    def models(self) -> ModelFacts:
        return ModelFacts(self, self.arrays)

    @cached_property
    def pipelines(self) -> PipelineFacts:
        return PipelineFacts(self, self.arrays, self.models)

    @cached_property
    def api(self) -> ApiFacts:
        return ApiFacts(self, self.models)

    @cached_property
    def training(self) -> TrainingFacts:
        return TrainingFacts(self, self.models)

    @cached_property
    def lifecycle(self) -> LifecycleFacts:
        return LifecycleFacts(self, self.classes, self.models)

    @cached_property
    def shapes(self) -> ShapeFacts:
        return ShapeFacts(self, self.models, self.arrays)
