"""Losses in custom training loops: `loss_fn(y, model(x, training=True))`.

A loss computed on a known model's forward pass is paired with that model just as
`compile(loss=...)` pairs them: calls of loss functions and TensorFlow `*_with_logits` ops, and
calls of loss objects (`loss_fn = CategoricalCrossentropy(...)`, `self.loss_fn`).
"""

from __future__ import annotations

from functools import cached_property
from typing import Iterator, Optional

import libcst as cst

from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import resolve
from keraslint.analysis.losses import (
    CALL,
    INSTANCE,
    LOSS_CLASSES,
    LOSS_COMPUTATIONS,
    OP,
    LossFact,
    describe_loss,
    loss_call_operands,
)
from keraslint.analysis.models.discovery import ModelDiscovery
from keraslint.analysis.models.model import LossUse, ModelFact
from keraslint.analysis.models.resolution import Resolver


class TrainingLoops:
    def __init__(self, facts: CoreFacts, resolver: Resolver, discovery: ModelDiscovery) -> None:
        self.facts = facts
        self.resolver = resolver
        self.discovery = discovery

    def uses(self) -> Iterator[LossUse]:
        seen = set()
        for call, loss in self.computations:
            labels, predictions = loss_call_operands(self.facts, call, loss)
            model = self._model_predicting(predictions)
            if model is None or (id(loss.node), id(model.node)) in seen:
                continue
            seen.add((id(loss.node), id(model.node)))
            yield LossUse(model, loss, loss.node, loss.node, None,
                          (labels,) if labels is not None else (), model.output)

    @cached_property
    def computations(self) -> list[tuple[cst.Call, LossFact]]:
        """Every loss computation of the file, found once (see `loss_computations`)."""
        return list(self.loss_computations())

    def loss_computations(self) -> Iterator[tuple[cst.Call, LossFact]]:
        """Calls computing a loss: `categorical_crossentropy(y, p)`, TF ops, `loss_fn(y, p)`."""
        for call in self.facts.calls_to(*LOSS_COMPUTATIONS):
            loss = describe_loss(self.facts, call)
            if loss is not None and loss.form in (OP, CALL):
                yield call, loss
        constructed = self.facts.calls_to(*LOSS_CLASSES)
        if not constructed:
            return
        instances = {binding.name for call in constructed
                     if (binding := self.resolver.binding_by_value.get(call)) is not None}
        for call in self.facts.index.calls:
            if isinstance(call.func, cst.Name) and call.func.value in instances:
                loss = describe_loss(self.facts, call.func)
            elif isinstance(call.func, cst.Attribute):
                value = self.resolver.self_attribute_value(call.func, call)
                loss = describe_loss(self.facts, value)
            else:
                continue
            if loss is not None and loss.form == INSTANCE:
                yield call, loss

    def _model_predicting(self, predictions: Optional[cst.BaseExpression]) -> Optional[ModelFact]:
        """The model whose forward pass `predictions` is: `model(x, training=True)`."""
        value = resolve(self.facts, predictions)
        if not isinstance(value, cst.Call) or isinstance(value.func, cst.Call):
            return None
        return self.discovery.model_of(value.func, value)
