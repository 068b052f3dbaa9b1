"""Training facts: custom training loops, as rules ask about them (`facts.training`).

Custom loops are written around `tf.GradientTape`: a forward pass and a loss under the tape,
`tape.gradient(loss, model.trainable_variables)`, an optimizer applying the gradients, a step
function often traced with `tf.function`, called in epoch and batch loops. The rules about
them ask: what runs under which tape and what does each gradient differentiate (`tapes`);
which defs are traced and how (`traced`); which loops run a call, and how often
(`iteration`); which model a call runs and what it is made of (`callees`, asking the models
domain); how a value is computed (`dataflow`). `TrainingFacts` is the one object rules ask;
every answer has an "unknown" (None, or an incomplete chain) and rules stay quiet on it.

Modules, lowest first: `statements` (statement walks), `tapes`, `traced`, `iteration`,
`callees`, `dataflow`, `ops` (optimizers, seeded draws, forward passes), `retracing`, and
this facade, which adds the training steps (`steps`: a tape whose gradients an optimizer
applies).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterator, Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.core import CoreFacts
from keraslint.analysis.models import Component, ModelFacts
from keraslint.analysis.training.callees import Callee, Callees, call_text, passes_training
from keraslint.analysis.training.dataflow import Chain, chain
from keraslint.analysis.training.iteration import Iteration, LoopNode
from keraslint.analysis.training import ops, retracing
from keraslint.analysis.training.statements import own_nodes
from keraslint.analysis.training.tapes import Gradient, Tape, Tapes
from keraslint.analysis.training.traced import Trace, TracedCode

__all__ = ["Callee", "Chain", "Gradient", "LoopNode", "Tape", "Trace", "TrainingFacts",
           "TrainingStep", "call_text", "passes_training"]

# Calls that apply gradients (an optimizer's update, or a manual variable update).
APPLY_METHODS = frozenset({"apply_gradients", "apply", "minimize", "assign_sub"})


@dataclass(eq=False)
class TrainingStep:
    """A tape whose gradients are applied in the same function: one training step.

    `function` is the def it is written in (None: module level or notebook cells); `applies`
    the update calls (`optimizer.apply_gradients(...)`, `w.assign_sub(...)`).
    """

    tape: Tape = field(repr=False)
    function: Optional[cst.FunctionDef] = field(repr=False)
    applies: list[cst.Call] = field(default_factory=list, repr=False)


class TrainingFacts:
    def __init__(self, facts: CoreFacts, models: ModelFacts) -> None:
        self.facts = facts
        self.models = models
        self._tapes = Tapes(facts)
        self._traced = TracedCode(facts)
        self.iteration = Iteration(facts)
        self.callees = Callees(facts, models)

    # -- tapes -------------------------------------------------------------------------------
    @property
    def tapes(self) -> list[Tape]:
        """Every `with tf.GradientTape() as tape:` block of the file, in source order."""
        return self._tapes.all

    @property
    def gradients(self) -> list[Gradient]:
        return self._tapes.gradients

    def tape_of(self, node: cst.CSTNode) -> Optional[Tape]:
        """The innermost tape whose block runs `node` (by position in its own function)."""
        return self._tapes.tape_of(node)

    def calls_under(self, tape: Tape) -> Iterator[tuple[cst.Call, Optional[cst.Call]]]:
        """(call, via) for every call that runs under the tape: those in its block
        (`via` None), and those in the body of a local function called there (`via` the
        call in the block), one level deep."""
        for call in tape.calls:
            yield call, None
            for function in self._local_defs_called(call):
                for node in own_nodes(function.body):
                    if isinstance(node, cst.Call):
                        yield node, call

    def _local_defs_called(self, call: cst.Call) -> list[cst.FunctionDef]:
        func = call.func
        if isinstance(func, cst.Name):
            local = self.facts.definition(func)
            return [local] if isinstance(local, cst.FunctionDef) else []
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) \
                and func.value.value == "self":
            return [m for m in self.iteration._methods_called(
                call, self.facts.index.functions.get(func.attr.value, []),
                self.facts.index.enclosing_function, self.facts.index.enclosing_class)]
        return []

    def reads_under(self, tape: Tape) -> Iterator[cst.CSTNode]:
        """Every node that runs under the tape, one level into local functions."""
        yield from own_nodes(tape.statement.body)
        for call in tape.calls:
            for function in self._local_defs_called(call):
                yield from own_nodes(function.body)

    # -- training steps ------------------------------------------------------------------------
    @cached_property
    def steps(self) -> list[TrainingStep]:
        """Tapes whose gradients are applied in the same function (the update follows)."""
        found = []
        for tape in self.tapes:
            if not tape.gradients:
                continue
            body = tape.function.body if tape.function is not None else self.facts.module
            applies = [n for n in own_nodes(body) if isinstance(n, cst.Call)
                       and calls.method_name(n) in APPLY_METHODS]
            if applies:
                found.append(TrainingStep(tape, tape.function, applies))
        return found

    # -- models in the loop ----------------------------------------------------------------------
    def callee(self, call: cst.Call) -> Optional[Callee]:
        """The model (or local layer class) `call` runs, or None when unknown."""
        return self.callees.callee(call)

    def training_layers(self, callee: Callee) -> list[Component]:
        return self.callees.training_layers(callee)

    def loss_layers(self, callee: Callee) -> list[Component]:
        return self.callees.loss_layers(callee)

    def trained_models(self, gradient: Gradient) -> list[Callee]:
        """The models (or local layer classes) whose variables the gradient differentiates,
        those the analysis can see."""
        owners = self.trained_owners(gradient) or []
        found = []
        for owner in owners:
            callee = self.callees.of_expression(owner, gradient.call)
            if callee is not None and all(c.text != callee.text for c in found):
                found.append(callee)
        return found

    def trained_owners(self, gradient: Gradient) -> Optional[list[cst.BaseExpression]]:
        """`model` for `tape.gradient(loss, model.trainable_variables)` (each owner read)."""
        return self.callees.variable_owners(gradient.sources)

    def trains(self, gradient: Gradient, callee: Callee, site: cst.Call) -> bool:
        owners = self.trained_owners(gradient)
        return owners is not None and self.callees.trains(owners, callee, site)

    def forward_calls(self, gradient: Gradient, calls_: list[cst.Call]) -> list[cst.Call]:
        """The calls among `calls_` that run a model this gradient trains (its forward pass):
        a call of the very name whose variables are the sources (`model(x)` for
        `model.trainable_variables`), or of a model the analysis knows is that one."""
        owners = self.trained_owners(gradient)
        if owners is None:
            return []
        texts = {call_text(self.facts, owner) for owner in owners}
        found = []
        for call in calls_:
            if isinstance(call.func, (cst.Name, cst.Attribute)) \
                    and call_text(self.facts, call.func) in texts:
                found.append(call)
                continue
            callee = self.callee(call)
            if callee is not None and self.callees.trains(owners, callee, call):
                found.append(call)
        return found

    def order(self, call: cst.Call) -> int:
        """The position of a call in the file (source order)."""
        return self._tapes.order.get(id(call), -1)

    # -- traced code ---------------------------------------------------------------------------
    def trace(self, function: Optional[cst.FunctionDef]) -> Optional[Trace]:
        """How `function` is traced (decorator, wrapper, Keras step, traced caller), or None."""
        return None if function is None else self._traced.trace(function)

    def direct_trace(self, function: Optional[cst.FunctionDef]) -> Optional[Trace]:
        return None if function is None else self._traced.direct_trace(function)

    @property
    def eager_forced(self) -> bool:
        """The file turns tracing off (`run_functions_eagerly(True)`) or runs TF1 graphs."""
        return self._traced.eager_forced

    # -- training calls ----------------------------------------------------------------------------
    @cached_property
    def optimizer_constructions(self) -> list[cst.Call]:
        """Every optimizer construction (`keras.optimizers.Adam(...)`...), in source order."""
        return ops.optimizer_constructions(self.facts)

    def stateless_optimizer(self, call: cst.Call) -> bool:
        """Plain SGD without momentum or schedule: no state carried between steps."""
        return ops.stateless_optimizer(self.facts, call)

    @cached_property
    def seeded_draws(self) -> list[tuple[cst.Call, str]]:
        """Random draws given a literal seed, with their kind (`ops.KERAS_DRAW`,
        `ops.STATELESS_DRAW`)."""
        return list(ops.seeded_draws(self.facts))

    @cached_property
    def retraced_calls(self) -> list[tuple[str, cst.Call, cst.FunctionDef]]:
        """(name called, call, def) for every call of a tf.function that Python argument
        values retrace (no `input_signature`, no `reduce_retracing=True`)."""
        return list(retracing.retraced_calls(self.facts, self._traced, self.iteration,
                                             self.models.resolver.binding_by_value))

    def changing_python_argument(self, site: cst.Call):
        """(position, argument, loop, why): an argument of `site` that is a Python number
        changing on every iteration of a loop around it (a `range` counter, an `enumerate`
        index, a counter incremented in the loop); None when there is none."""
        loops = self.iteration.loops_around(site)
        return retracing.changing_python_argument(self.facts, site, loops) if loops else None

    def forward_pass(self, expr: cst.BaseExpression, site: cst.Call) -> Optional[cst.Call]:
        """The model call `expr` is computed from, in the function of `site`; None if none."""
        return ops.forward_pass(self.facts, self.callees, expr, site)

    # -- values ----------------------------------------------------------------------------------
    def chain(self, expr: cst.BaseExpression, function: Optional[cst.FunctionDef]) -> Chain:
        """The assignments `expr` comes from in `function` (None: module level)."""
        return chain(self.facts, expr, function)

    def function_of(self, call: cst.Call) -> Optional[cst.FunctionDef]:
        return self.facts.index.enclosing_function.get(call)
