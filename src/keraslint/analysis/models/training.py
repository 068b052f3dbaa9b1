"""`compile` and `fit`: which loss trains which output of which model, on which labels.

Keras pairs `compile(loss=...)` with the outputs the way this module does: a list by position
(same length only), a dict by output name, a single loss for every output. The labels of a
compile are the `y` of the model's `fit` calls after it (and before its next compile), or the
labels of the `tf.data` pipeline `fit` receives.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cached_property
from typing import Iterator, Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.layers import Context, literal, resolve
from keraslint.analysis.losses import LossFact, describe_loss
from keraslint.analysis.models.changes import Changes
from keraslint.analysis.models.discovery import ModelDiscovery
from keraslint.analysis.models.model import (
    CompileFact,
    FitFact,
    LossUse,
    ModelFact,
    ModelOutput,
)

_ORDER_ONLY_METHODS = frozenset({"batch", "shuffle", "prefetch", "cache", "repeat", "take",
                                 "skip", "padded_batch", "unbatch", "with_options"})


class CompileAndFit:
    def __init__(self, facts: CoreFacts, discovery: ModelDiscovery, changes: Changes) -> None:
        self.facts = facts
        self.discovery = discovery
        self.changes = changes

    @cached_property
    def compiles(self) -> list[CompileFact]:
        """Every `<model>.compile(...)` call, with its model (if known) and loss (if known)."""
        found = []
        for call in self.facts.method_calls("compile"):
            model = self.discovery.model_of(calls.receiver(call), call)
            loss_expr = _single(calls.argument_value(call, "loss", 1))
            loss = describe_loss(self.facts, loss_expr) if loss_expr is not None else None
            found.append(CompileFact(call, model, loss_expr, loss))
        return found

    @cached_property
    def fits(self) -> list[FitFact]:
        found = []
        for call in self.facts.method_calls("fit"):
            model = self.discovery.model_of(calls.receiver(call), call)
            if model is not None:
                found.append(FitFact(call, model, calls.argument_value(call, "x", 0),
                                     calls.argument_value(call, "y", 1)))
        return found

    def compile_uses(self, compiled: CompileFact) -> Iterator[LossUse]:
        """One use per (output, loss) pair the compile certainly makes."""
        model = compiled.model
        labels = tuple(y for fit in self._fits_after(compiled)
                       if (y := self.fit_labels(fit)) is not None)
        anchor = calls.anchor(compiled.call)
        if not model.outputs:  # how many outputs is unknown: only a single loss is judged
            if compiled.loss is not None:
                yield LossUse(model, compiled.loss, compiled.call, anchor, compiled, labels,
                              model.output)
            return
        count = len(model.outputs)
        loss_argument = calls.argument_value(compiled.call, "loss", 1)
        for index, loss in self.paired_losses(model, loss_argument):
            head = model.outputs[index]
            if count == 1:
                yield LossUse(model, loss, compiled.call, anchor, compiled, labels, head.facts)
                continue
            own = tuple(y for given in labels
                        if (y := self._output_labels(given, model, index)) is not None)
            label = f"output `{head.name}`" if head.name else f"output {index + 1} of {count}"
            yield LossUse(model, loss, compiled.call, anchor, compiled, own, head.facts, label)

    def paired_losses(self, model: ModelFact, loss: Optional[cst.BaseExpression]
                      ) -> list[tuple[int, LossFact]]:
        """(output index, loss) for each pairing Keras certainly makes from `compile(loss=...)`:
        a list by position (same length only), a dict by output name (keys that match), a
        single loss for every output. Empty when the pairing is uncertain."""
        if not model.outputs or loss is None:
            return []
        value = self.changes.stable_value(loss)
        if isinstance(value, cst.Dict):
            return self._losses_by_name(model.outputs, value)
        if isinstance(value, (cst.List, cst.Tuple)):
            return self._losses_by_position(model, value)
        if value is None:
            return []
        fact = describe_loss(self.facts, loss)
        return [] if fact is None else [(i, fact) for i in range(len(model.outputs))]

    def _losses_by_position(self, model: ModelFact, value: cst.List | cst.Tuple
                            ) -> list[tuple[int, LossFact]]:
        elements = value.elements
        if any(isinstance(e, cst.StarredElement) for e in elements):
            return []
        if len(elements) != len(model.outputs) or (model.keyed and len(elements) > 1):
            return []  # dict outputs flatten in sorted key order: not the order written
        return [(i, fact) for i, e in enumerate(elements)
                if (fact := describe_loss(self.facts, e.value)) is not None]

    def _losses_by_name(self, outputs: tuple[ModelOutput, ...], value: cst.Dict
                        ) -> list[tuple[int, LossFact]]:
        given = self._literal_keys(value)
        if given is None:
            return []
        names = [o.name for o in outputs]
        return [(i, fact) for i, name in enumerate(names)
                if name is not None and names.count(name) == 1 and name in given
                and (fact := describe_loss(self.facts, given[name])) is not None]

    def _literal_keys(self, value: cst.Dict, ctx: Optional[Context] = None
                      ) -> Optional[dict[str, cst.BaseExpression]]:
        """Key -> value of a dict whose keys are all string literals (the last one wins)."""
        found: dict[str, cst.BaseExpression] = {}
        for element in value.elements:
            if not isinstance(element, cst.DictElement):
                return None  # `**other`
            key = literal(self.facts, element.key, ctx)
            if not isinstance(key, str):
                return None
            found[key] = element.value
        return found

    def _output_labels(self, labels: cst.BaseExpression, model: ModelFact,
                       index: int) -> Optional[cst.BaseExpression]:
        """The targets of output `index` in `fit(y=[...])` or `fit(y={...})`, else None."""
        value = self.changes.stable_value(labels)
        outputs = model.outputs or ()
        if isinstance(value, (cst.List, cst.Tuple)):
            elements = value.elements
            if (model.keyed or len(elements) != len(outputs)
                    or any(isinstance(e, cst.StarredElement) for e in elements)):
                return None
            return elements[index].value
        if isinstance(value, cst.Dict) and outputs[index].name is not None:
            names = [o.name for o in outputs]
            if names.count(outputs[index].name) == 1:
                return (self._literal_keys(value) or {}).get(outputs[index].name)
        return None

    def fit_labels(self, fit: FitFact) -> Optional[cst.BaseExpression]:
        """The labels a `fit` trains on: `y`, the `y` of `from_tensor_slices((x, y))`, or the
        dataset itself (`label_encoding` of a dataset describes its labels)."""
        if fit.y is not None:
            return fit.y
        return self._dataset_labels(fit.x) or fit.x

    def _fits_after(self, compiled: CompileFact) -> list[FitFact]:
        """The model's `fit` calls after this compile and before its next compile."""
        order = self.facts.call_order
        start = order[compiled.call]
        compiles = self._compile_orders.get(id(compiled.model.node), [])
        following = bisect_right(compiles, start)
        end = compiles[following] if following < len(compiles) else len(order)
        fit_orders, fits = self._fits_by_model.get(id(compiled.model.node), ([], []))
        return fits[bisect_right(fit_orders, start):bisect_left(fit_orders, end)]

    @cached_property
    def _compile_orders(self) -> dict[int, list[int]]:
        """Model (by construction node) -> the positions of its `compile` calls, ascending."""
        table: dict[int, list[int]] = {}
        for compiled in self.compiles:
            if compiled.model is not None:
                table.setdefault(id(compiled.model.node), []).append(
                    self.facts.call_order[compiled.call])
        return table

    @cached_property
    def _fits_by_model(self) -> dict[int, tuple[list[int], list[FitFact]]]:
        """Model (by construction node) -> (positions, `fit` facts) of its fits, in order."""
        table: dict[int, tuple[list[int], list[FitFact]]] = {}
        for fit in self.fits:
            orders, fits = table.setdefault(id(fit.model.node), ([], []))
            orders.append(self.facts.call_order[fit.call])
            fits.append(fit)
        return table

    def _dataset_labels(self, x: Optional[cst.BaseExpression]) -> Optional[cst.BaseExpression]:
        dataset = resolve(self.facts, x)
        for _ in range(12):
            if not isinstance(dataset, cst.Call):
                return None
            name = self.facts.call_name(dataset)
            if name == "tensorflow.data.Dataset.from_tensor_slices":
                pair = resolve(self.facts, calls.argument_value(dataset, "tensors", 0))
                if isinstance(pair, cst.Tuple) and len(pair.elements) == 2:
                    return pair.elements[1].value
                return None
            if calls.method_name(dataset) not in _ORDER_ONLY_METHODS:
                return None
            dataset = resolve(self.facts, calls.receiver(dataset))
        return None


def _single(loss: Optional[cst.BaseExpression]) -> Optional[cst.BaseExpression]:
    """`loss=[x]` means `x` for a single-output model; dicts and longer lists stay unknown."""
    if isinstance(loss, (cst.List, cst.Tuple)):
        if len(loss.elements) == 1 and not isinstance(loss.elements[0], cst.StarredElement):
            return loss.elements[0].value
        return None
    if isinstance(loss, cst.Dict):
        return None
    return loss
