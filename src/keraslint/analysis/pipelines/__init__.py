"""Pipeline facts: `tf.data` pipelines, what training calls are fed, and the pixels on the way.

Rules ask `facts.pipelines`:

- `pipeline_of(expr)` / `state(expr)`: the pipeline an expression evaluates to (its source and
  operations, followed through variables, branches, helpers and parameters) and what the dataset
  does at that point (`DatasetState`: batched? examples reshuffled every epoch? repeated? a
  random `map` since the last `cache`? prefetched? certainly a dataset?);
- `operations(*methods)`: every `<dataset>.<method>(...)` call with the state it receives;
- `discarded()`: dataset transformations written as statements (their result thrown away);
- `fed(call)`: what `fit`/`evaluate`/`predict` receives (dataset, `PyDataset`, generator...);
- `fed_pixels(call)`: the pixels the call feeds (raw 0-255, [0, 1], preprocessed...);
  `fits_of(model)`: the model's `fit` calls with the pixels they feed;
- `first_consumer(model, pixels)`: the first learned layer or `keras.applications` model the
  input reaches, and the pixels that reach it;
- `class_blocks(labels)`: labels assembled class by class (and never shuffled).

Every answer has an unknown (None, or a `Fact` whose value is None): rules stay quiet on it.
The domain sits above `arrays` and `models`. Modules, lowest first: `catalogue` (tables),
`pipeline` (the facts), `tracing` (expression -> pipeline), `functions` (random map functions),
`state` (the fold), `ranges` (pixel ranges), `elements` (pixels of dataset elements), `inputs`
(model inputs), `feeding` (training calls), `ordering` (labels ordered by class).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterator, Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.arrays import ArrayFacts
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.models import ModelFact, ModelFacts
from keraslint.analysis.pipelines.catalogue import (
    GENERATOR_SCALING,
    TRANSFORMATIONS,
)
from keraslint.analysis.pipelines.elements import ElementPixels
from keraslint.analysis.pipelines.feeding import (
    DATASET,
    GENERATOR,
    IMAGE_FLOW,
    OTHER,
    PY_DATASET,
    TRAINING_METHODS,
    FedData,
    Feeding,
)
from keraslint.analysis.pipelines.functions import MapFunctions
from keraslint.analysis.pipelines.inputs import Application, Consumer, ModelInputs
from keraslint.analysis.pipelines.ordering import ClassBlocks, ClassOrder
from keraslint.analysis.pipelines.pipeline import DatasetState, Fact, Origin, Pipeline, Step
from keraslint.analysis.pipelines.ranges import PixelRange, PixelRanges, raw
from keraslint.analysis.pipelines.state import States
from keraslint.analysis.pipelines.tracing import PipelineTracer

__all__ = [
    "DATASET", "GENERATOR", "IMAGE_FLOW", "OTHER", "PY_DATASET", "Application", "ClassBlocks",
    "Consumer",
    "DatasetState", "Fact", "FedData", "Operation", "Origin", "Pipeline", "PipelineFacts",
    "PixelRange", "Step",
]


@dataclass(frozen=True)
class Operation:
    """One dataset method call: the pipeline up to and including it, and the state of the
    dataset it is called on."""

    call: cst.Call = field(repr=False)
    pipeline: Pipeline = field(repr=False)
    before: DatasetState

    @property
    def step(self) -> Step:
        return self.pipeline.step  # type: ignore[return-value]


class PipelineFacts:
    def __init__(self, facts: CoreFacts, arrays: ArrayFacts, models: ModelFacts) -> None:
        self.facts = facts
        self.models = models
        self._tracer = PipelineTracer(facts)
        self._functions = MapFunctions(facts, models)
        self._states = States(facts, self._tracer, self._functions)
        self._ranges = PixelRanges(facts, arrays, models)
        self._elements = ElementPixels(facts, self._ranges)
        self._inputs = ModelInputs(facts, models, self._ranges)
        self._feeding = Feeding(facts, self._tracer, self._states)
        self._upstream: dict[str, frozenset[int]] = {}
        self._order = ClassOrder(facts, arrays)

    # -- pipelines ------------------------------------------------------------------------------------
    def pipeline_of(self, expr: Optional[cst.BaseExpression]) -> Optional[Pipeline]:
        return self._tracer.pipeline_of(expr)

    def state_of(self, pipeline: Pipeline) -> DatasetState:
        return self._states.state_of(pipeline)

    def state(self, expr: Optional[cst.BaseExpression]) -> Optional[DatasetState]:
        pipeline = self.pipeline_of(expr)
        return None if pipeline is None else self.state_of(pipeline)

    def operations(self, *methods: str) -> Iterator[Operation]:
        """Every `<receiver>.<method>(...)` call of these names whose receiver is a dataset
        step of a pipeline, with the state it receives (is it a dataset? see `before`)."""
        for method in methods:
            for call in self.facts.method_calls(method):
                pipeline = self._tracer.pipeline_of(call)
                if pipeline is None or pipeline.step is None or pipeline.step.call is not call:
                    continue
                yield Operation(call, pipeline, self._states.before(pipeline))

    def randomness(self, function: Optional[cst.BaseExpression], ctx=None) -> Fact:
        """Is calling `function` (a map function) certainly random (True, with the op)?"""
        return self._functions.randomness(function, ctx)

    def followed_by(self, call: cst.Call, method: str) -> bool:
        """Does a `<dataset>.<method>(...)` run downstream of this dataset call in the file
        (`batch(...).shuffle(...).unbatch()`: is the `shuffle` followed by `unbatch`)?"""
        return id(call) in self._upstream_of(method)

    def _upstream_of(self, method: str) -> frozenset[int]:
        """Calls upstream of any `<method>` operation: each pipeline node is visited once."""
        found = self._upstream.get(method)
        if found is None:
            calls_seen: set[int] = set()
            visited: set[int] = set()
            stack = [op.pipeline.upstream for op in self.operations(method)]
            while stack:
                node = stack.pop()
                if node is None or id(node) in visited:
                    continue
                visited.add(id(node))
                if node.step is not None:
                    calls_seen.add(id(node.step.call))
                    stack.append(node.upstream)
                elif isinstance(node.head, tuple):
                    stack.extend(node.head)
            found = self._upstream[method] = frozenset(calls_seen)
        return found

    def discarded(self) -> list[Operation]:
        """Dataset transformations written as statements: `ds.shuffle(1000)` alone on its line
        returns a new dataset that nothing uses (datasets never change in place)."""
        found = []
        for statement in _expression_statements(self.facts.module):
            call = statement.value
            if not isinstance(call, cst.Call) or calls.method_name(call) not in TRANSFORMATIONS:
                continue
            pipeline = self._tracer.pipeline_of(call)
            if pipeline is None or pipeline.step is None or pipeline.step.call is not call:
                continue
            before = self._states.before(pipeline)
            if before.is_dataset.value is True:
                found.append(Operation(call, pipeline, before))
        return found

    # -- training calls -------------------------------------------------------------------------------
    @cached_property
    def training_calls(self) -> list[cst.Call]:
        """`fit`/`evaluate`/`predict` calls that plausibly run a Keras model, in source order."""
        found = [c for m in TRAINING_METHODS for c in self.facts.method_calls(m)
                 if self.models.trains_keras_model(c)]
        return sorted(found, key=self.facts.call_order.__getitem__)

    def fits_of(self, model: ModelFact) -> list[tuple[cst.Call, PixelRange]]:
        """The `fit` calls of `model` fed pixels of a known range, with those pixels."""
        return [(fit, pixels) for fit, fitted, pixels in self._fits_with_pixels
                if model.same_as(fitted)]

    @cached_property
    def _fits_with_pixels(self) -> list[tuple[cst.Call, Optional[ModelFact], PixelRange]]:
        found = []
        for fit in self.training_calls:
            if calls.method_name(fit) != "fit":
                continue
            pixels = self.fed_pixels(fit)
            if pixels is not None:
                found.append((fit, self.models.model_of(calls.receiver(fit), fit), pixels))
        return found

    def fed(self, call: cst.Call) -> Optional[FedData]:
        return self._feeding.fed(call)

    # -- pixels ---------------------------------------------------------------------------------------
    def pixels(self, expr: Optional[cst.BaseExpression]) -> Optional[PixelRange]:
        """The pixels an array or tensor expression holds, when known."""
        return self._ranges.range_of(expr)

    def fed_pixels(self, call: cst.Call) -> Optional[PixelRange]:
        """The pixels a training call feeds the model: of its arrays, of its dataset's inputs,
        or of its image-data-generator flow."""
        fed = self.fed(call)
        if fed is None:
            return None
        if fed.kind == DATASET:
            return self._elements.inputs(fed.pipeline)
        if fed.kind == IMAGE_FLOW:
            return self._flow_pixels(fed.node)  # type: ignore[arg-type]
        if fed.kind == OTHER:
            return self._ranges.range_of(fed.expr)
        return None

    def _flow_pixels(self, flow: cst.Call) -> Optional[PixelRange]:
        """`ImageDataGenerator(rescale=...).flow(x)` / `.flow_from_directory(path)`."""
        generator = self._feeding.generator_construction(flow)
        if generator is None or calls.has_unpacking(generator):
            return None
        method = calls.method_name(flow)
        if method == "flow":
            pixels = self._ranges.range_of(calls.argument_value(flow, "x", 0))
        else:
            pixels = raw(flow, f"`{method}(...)`", "float")
        if pixels is None:
            return None
        scaling = [a for a in generator.args if a.keyword is not None
                   and a.keyword.value in GENERATOR_SCALING]
        if not scaling:
            return pixels
        if len(scaling) == 1 and scaling[0].keyword.value == "rescale":  # type: ignore[union-attr]
            factor = self.facts.values.number(scaling[0].value)
            if factor is not None and pixels.lo is not None:
                return pixels.moved(factor, 0.0, scaling[0])
        return None

    def class_blocks(self, labels: Optional[cst.BaseExpression]) -> Optional[ClassBlocks]:
        """How labels are assembled class by class and never shuffled, or None if not known."""
        return self._order.class_blocks(labels)

    def first_consumer(self, model: ModelFact, pixels: PixelRange) -> Optional[Consumer]:
        return self._inputs.first_consumer(model, pixels)

    def application(self, node: Optional[cst.CSTNode]) -> Optional[Application]:
        return self._inputs.application(node)


def _expression_statements(module: cst.Module) -> Iterator[cst.Expr]:
    """Every expression statement, at any depth of compound statements (not inside
    expressions): the statements whose value is thrown away."""
    stack: list[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        if isinstance(node, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            yield from (s for s in node.body if isinstance(s, cst.Expr))
            continue
        if isinstance(node, cst.Module):
            stack.extend(reversed(node.body))
        elif isinstance(node, cst.BaseCompoundStatement):
            for part in (getattr(node, "body", None), getattr(node, "orelse", None),
                         getattr(node, "finalbody", None)):
                if isinstance(part, cst.BaseSuite):
                    stack.extend(reversed(list(_suite_statements(part))))
                elif isinstance(part, cst.BaseCompoundStatement):  # `elif`
                    stack.append(part)
                elif isinstance(part, (cst.Else, cst.Finally)):
                    stack.extend(reversed(list(_suite_statements(part.body))))
            for handler in getattr(node, "handlers", ()):
                stack.extend(reversed(list(_suite_statements(handler.body))))
            for case in getattr(node, "cases", ()):
                stack.extend(reversed(list(_suite_statements(case.body))))


def _suite_statements(suite: cst.BaseSuite) -> list[cst.CSTNode]:
    return list(suite.body) if isinstance(suite, cst.IndentedBlock) else [suite]
