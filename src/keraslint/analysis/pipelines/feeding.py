"""What a training call (`fit`, `evaluate`, `predict`) receives as `x`: a `tf.data` dataset (with
its pipeline and state), a Keras `PyDataset`/`Sequence` (a local subclass, or the iterator of an
`ImageDataGenerator.flow*`), a Python generator, or something else (arrays, unknown).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.arrays.tracing import is_generator_function
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.pipelines.catalogue import (
    DATA_OBJECT_BASES,
    GENERATOR_FLOWS,
    IMAGE_DATA_GENERATOR,
)
from keraslint.analysis.pipelines.pipeline import DatasetState, Pipeline
from keraslint.analysis.pipelines.state import States
from keraslint.analysis.pipelines.tracing import PipelineTracer

DATASET, PY_DATASET, IMAGE_FLOW, GENERATOR, OTHER = (
    "dataset", "py_dataset", "image_flow", "generator", "other")

TRAINING_METHODS = ("fit", "evaluate", "predict")


@dataclass(frozen=True)
class FedData:
    """`x` of one training call: its kind, and for a dataset its pipeline and state; for an
    image-data-generator flow, the flow call."""

    kind: str
    expr: cst.BaseExpression = field(repr=False)
    pipeline: Optional[Pipeline] = field(default=None, repr=False)
    state: Optional[DatasetState] = None
    node: Optional[cst.CSTNode] = field(default=None, repr=False)  # what makes it
    name: str = ""  # for messages: `Batches`, `flow_from_directory`, `batches()`


class Feeding:
    def __init__(self, facts: CoreFacts, tracer: PipelineTracer, states: States) -> None:
        self.facts = facts
        self.tracer = tracer
        self.states = states

    def fed(self, call: cst.Call) -> Optional[FedData]:
        """What `call` (`model.fit(...)`, `evaluate`, `predict`) receives as `x`."""
        if calls.method_name(call) not in TRAINING_METHODS:
            return None
        x = calls.argument_value(call, "x", 0)
        if x is None:
            return None
        pipeline = self.tracer.pipeline_of(x)
        state = self.states.state_of(pipeline) if pipeline is not None else None
        if state is not None and state.is_dataset.value is True:
            return FedData(DATASET, x, pipeline, state)
        value = self.facts.values.resolve(x)
        if isinstance(value, cst.GeneratorExp):
            return FedData(GENERATOR, x, node=value, name="a generator expression")
        if not isinstance(value, cst.Call):
            return FedData(OTHER, x)
        local = self.facts.definition(value.func)
        if isinstance(local, cst.FunctionDef) and is_generator_function(local):
            return FedData(GENERATOR, x, node=value, name=f"`{local.name.value}()`")
        if isinstance(local, cst.ClassDef) and self.facts.class_bases(local) & DATA_OBJECT_BASES:
            return FedData(PY_DATASET, x, node=value, name=f"`{local.name.value}`")
        flow = self._image_flow(value)
        if flow is not None:
            return FedData(IMAGE_FLOW, x, node=value, name=f"`{flow}(...)`")
        return FedData(OTHER, x)

    def _image_flow(self, call: cst.Call) -> Optional[str]:
        method = calls.method_name(call)
        if method not in GENERATOR_FLOWS:
            return None
        generator = self.facts.values.resolve(calls.receiver(call))
        if isinstance(generator, cst.Call) and self.facts.call_name(generator) == IMAGE_DATA_GENERATOR:
            return method
        return None

    def generator_construction(self, flow: cst.Call) -> Optional[cst.Call]:
        """The `ImageDataGenerator(...)` a `.flow*(...)` call comes from."""
        generator = self.facts.values.resolve(calls.receiver(flow))
        if isinstance(generator, cst.Call) and self.facts.call_name(generator) == IMAGE_DATA_GENERATOR:
            return generator
        return None
