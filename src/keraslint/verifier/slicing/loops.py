"""What a custom-training-loop finding is about, for the slice: the model a call runs, the
user's own step function, an optimizer's construction, a random draw.

Custom loops are the hard case for a slice: their interesting code runs inside `for epoch` /
`for batch` loops that read the data. The slice never runs those loops. Instead it keeps
what the experiment needs and lets the experiment run one or two steps on stand-in data,
which it says in its evidence:

- KL401, KL410, KL212: the model (and the loss object) the finding names, built as written;
- KL402, KL403, KL404, KL406, KL408: the module-level def holding the tape (or the traced
  function), kept *as written* (`Target.runnable`) with everything it reads, so the
  experiment can call the user's own step;
- KL405: the optimizer's construction as a factory (`lambda: <the expression>`), and the
  model it trains;
- KL409: no program: the random op, its literal seed and arguments, in the facts.
"""

from __future__ import annotations

from typing import Any, Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.losses import CALL, INSTANCE, OP
from keraslint.analysis.models import SUBCLASSED, ModelFact
from keraslint.verifier.protocol import SLOT_OPTIMIZER_FACTORY
from keraslint.verifier.slicing.targets import (
    Target, _loss_as_keras_class, _model_facts, instances_of, line_of,
)
from keraslint.verifier.slicing.units import SliceError

LOOP_RULES = ("KL212", "KL401", "KL402", "KL403", "KL404", "KL405", "KL406", "KL408", "KL409",
              "KL410")
STEP_RULES = ("KL402", "KL403", "KL404", "KL406", "KL408")


def find(facts, finding) -> Target:
    line = finding.start.line
    code = finding.code
    if code == "KL401":
        return _callee_target(facts, code, _call_on(facts, finding, _under_tapes(facts)))
    if code == "KL212":
        return _swapped_target(facts, line)
    if code == "KL410":
        return _regularized_target(facts, line)
    if code == "KL405":
        return _optimizer_target(facts, line)
    if code == "KL409":
        return _draw_target(facts, line)
    return _step_target(facts, finding)


# -- the model a call runs ------------------------------------------------------------------------

def _under_tapes(facts) -> list[cst.Call]:
    training = facts.training
    return [call for tape in training.tapes for call, _ in training.calls_under(tape)]


def _call_on(facts, finding, candidates: list[cst.Call]) -> cst.Call:
    """The call the finding starts at (its line and column)."""
    line, column = finding.start.line, finding.start.column
    found = [c for c in candidates if line_of(facts, c) == line]
    exact = [c for c in found if facts.code_range(c).start.column + 1 == column]
    if not (exact or found):
        raise SliceError(f"could not find the call the finding on line {line} is about")
    return (exact or found)[0]


def _callee_target(facts, code: str, call: cst.Call) -> Target:
    callee = facts.training.callee(call)
    if callee is None:
        raise SliceError("the model the call runs is not known")
    model = _model_for(facts, callee)
    target = Target(code, model=model)
    target.facts.update(_model_facts(facts, model, None))
    target.facts["call"] = callee.text
    return target


def _model_for(facts, callee) -> ModelFact:
    """The callee's model, or an instance of its class (`self(x)` in `class Net`: `Net()`)."""
    if callee.model is not None and isinstance(callee.model.node, cst.Call):
        return callee.model
    cls = callee.cls
    if cls is not None:
        made = instances_of(facts, cls)
        if len(made) == 1:
            return ModelFact(made[0], SUBCLASSED)
        raise SliceError(f"`{cls.name.value}` is instantiated {len(made)} times in this file: "
                         "which instance the finding is about is not determined")
    raise SliceError("the model the call runs is not built in this file")


# -- KL212 ----------------------------------------------------------------------------------------

def _swapped_target(facts, line: int) -> Target:
    for call, loss in facts.models.loss_computations:
        if line_of(facts, call) != line:
            continue
        labels = calls.argument_value(call, "labels" if loss.form == OP else "y_true", 0)
        forward = facts.training.forward_pass(labels, call) if labels is not None else None
        if forward is None:
            break
        target = _callee_target(facts, "KL212", forward)
        _with_loss(facts, target, loss)
        return target
    raise SliceError(f"could not find the loss call the finding on line {line} is about")


def _with_loss(facts, target: Target, loss) -> None:
    if loss.form == INSTANCE:
        target.loss_node = loss.node
    elif loss.form in (CALL, OP):
        _loss_as_keras_class(facts, target, loss)
    target.facts.update(loss_kind=loss.kind, from_logits=loss.from_logits)


# -- KL410 ----------------------------------------------------------------------------------------

def _regularized_target(facts, line: int) -> Target:
    training = facts.training
    for step in training.steps:
        for gradient in step.tape.gradients:
            for callee in training.trained_models(gradient):
                if not training.loss_layers(callee):
                    continue
                target = _callee_target_from(facts, "KL410", callee)
                loss = _loss_under(facts, step.tape)
                if loss is not None:
                    _with_loss(facts, target, loss)
                if _anchored(facts, step.tape, gradient, line):
                    return target
    raise SliceError(f"could not find the training step the finding on line {line} is about")


def _callee_target_from(facts, code: str, callee) -> Target:
    model = _model_for(facts, callee)
    target = Target(code, model=model)
    target.facts.update(_model_facts(facts, model, None))
    target.facts["call"] = callee.text
    return target


def _anchored(facts, tape, gradient, line: int) -> bool:
    lines = {line_of(facts, gradient.call)}
    target = gradient.target
    if isinstance(target, cst.Name):
        binding = facts.values.binding_of(target)
        if binding is not None and binding.node is not None:
            lines.add(line_of(facts, binding.node))
    return line in lines


def _loss_under(facts, tape):
    under = {id(c) for c, _ in facts.training.calls_under(tape)}
    for call, loss in facts.models.loss_computations:
        if id(call) in under:
            return loss
    return None


# -- the user's own step --------------------------------------------------------------------------

def _step_target(facts, finding) -> Target:
    line = finding.start.line
    function, extra = _step_function(facts, finding.code, line)
    if function is None:
        raise SliceError("the training step is written inline in a loop: there is no function "
                         "the verifier can call on its own")
    if facts.index.enclosing_class.get(function) is not None:
        raise SliceError(f"`{function.name.value}` is a method: the verifier calls module-level "
                         "step functions only")
    if facts.index.scope_of_node.get(function).parent is not facts.index.module_scope:
        raise SliceError(f"`{function.name.value}` is defined inside another function")
    target = Target(finding.code)
    target.runnable.append(function)
    target.facts.update(step_name=function.name.value, step_params=_params(function), **extra)
    tape = next((t for t in facts.training.tapes if t.function is function), None)
    if tape is not None:
        for gradient in tape.gradients:
            callees = facts.training.trained_models(gradient)
            known = [c for c in callees if c.model is not None or c.cls is not None]
            if known:
                try:
                    target.model = _model_for(facts, known[0])
                except SliceError:
                    continue
                target.facts.update(_model_facts(facts, target.model, None))
                break
        loss = _loss_under(facts, tape)
        if loss is not None:
            target.facts.update(loss_kind=loss.kind, from_logits=loss.from_logits)
        target.facts["label_outputs"] = _label_outputs(facts, function, tape)
    trace = facts.training.trace(function)
    target.facts["traced"] = trace is not None and trace.kind in ("decorated", "wrapped")
    return target


def _step_function(facts, code: str, line: int) -> tuple[Optional[cst.FunctionDef], dict]:
    training = facts.training
    if code == "KL404":
        for step in training.steps:
            function = step.function
            if function is not None and line_of(facts, function.name) == line:
                return function, {}
            if line_of(facts, step.tape.statement) == line:
                return None, {}
    elif code in ("KL402", "KL403"):
        for tape in training.tapes:
            if tape.function is None:
                continue
            span = facts.code_range(tape.function)
            if span.start.line <= line <= span.end.line:
                return tape.function, {}
        return None, {}
    elif code == "KL406":
        for call in facts.calls_to("tensorflow.Variable", "tensorflow.compat.v1.Variable"):
            if line_of(facts, call) == line:
                return facts.index.enclosing_function.get(call), {}
    elif code == "KL408":
        return _retraced(facts, line)
    raise SliceError(f"could not find the step the finding on line {line} is about")


def _retraced(facts, line: int) -> tuple[Optional[cst.FunctionDef], dict]:
    """KL408: the traced def called on the line, and which argument changes per iteration."""
    training = facts.training
    for name, site, function in training.retraced_calls:
        if line_of(facts, site) != line:
            continue
        found = training.changing_python_argument(site)
        if found is None:
            continue
        index = found[0]
        keyword = site.args[index].keyword
        return function, {"scalar_index": index,
                          "scalar_keyword": keyword.value if keyword is not None else None,
                          "call_arguments": len(site.args), "called_as": name,
                          "call_text": " ".join(facts.module.code_for_node(site).split())[:120]}
    raise SliceError(f"could not find the call of a tf.function on line {line}")


def _label_outputs(facts, function: cst.FunctionDef, tape) -> dict[str, dict[str, Any]]:
    """Which output of the model each label parameter of the step is compared with, and by
    which loss: `price_pred, logits = model(x)` then `mse(y_price, price_pred)` gives
    {"1": {"output": 0, "loss_kind": "mean_squared_error"}} (keys are parameter positions)."""
    from keraslint.analysis.losses import loss_call_operands  # noqa: PLC0415

    params = [p.name.value for p in list(function.params.posonly_params)
              + list(function.params.params)]
    under = {id(c) for c, _ in facts.training.calls_under(tape)}
    found: dict[str, dict[str, Any]] = {}
    for call, loss in facts.models.loss_computations:
        if id(call) not in under:
            continue
        labels, predictions = loss_call_operands(facts, call, loss)
        if not isinstance(labels, cst.Name) or labels.value not in params:
            continue
        output = None
        if isinstance(predictions, cst.Name):
            binding = facts.values.binding_of(predictions)
            if binding is not None and binding.path and len(binding.path) == 1:
                output = binding.path[0]
        found[str(params.index(labels.value))] = {"output": output, "loss_kind": loss.kind}
    return found


def _params(function: cst.FunctionDef) -> list[dict[str, Any]]:
    out = []
    for param in list(function.params.posonly_params) + list(function.params.params):
        out.append({"name": param.name.value, "has_default": param.default is not None})
    return out


# -- KL405 ----------------------------------------------------------------------------------------

def _optimizer_target(facts, line: int) -> Target:
    found = [c for c in facts.training.optimizer_constructions if line_of(facts, c) == line]
    if not found:
        raise SliceError(f"could not find the optimizer built on line {line}")
    construction = found[0]
    target = Target("KL405")
    target.factories[SLOT_OPTIMIZER_FACTORY] = construction
    model = _trained_near(facts, construction)
    if model is not None:
        target.model = model
        target.facts.update(_model_facts(facts, model, None))
    target.facts["optimizer"] = " ".join(facts.module.code_for_node(construction).split())
    return target


def _trained_near(facts, construction: cst.Call) -> Optional[ModelFact]:
    """The model trained with the optimizer: compiled with it, or whose variables a tape in
    the same function differentiates."""
    function = facts.index.enclosing_function.get(construction)
    for call in facts.method_calls("compile"):
        if facts.index.enclosing_function.get(call) is function:
            model = facts.models.model_of(calls.receiver(call), call)
            if model is not None and isinstance(model.node, cst.Call):
                return model
    for tape in facts.training.tapes:
        if tape.function is not function:
            continue
        for gradient in tape.gradients:
            for callee in facts.training.trained_models(gradient):
                try:
                    return _model_for(facts, callee)
                except SliceError:
                    continue
    return None


# -- KL409 ----------------------------------------------------------------------------------------

def _draw_target(facts, line: int) -> Target:
    for call, kind in facts.training.seeded_draws:
        if line_of(facts, call) != line:
            continue
        target = Target("KL409", draw_only=True)
        arguments = {}
        for arg in call.args:
            if arg.keyword is None or arg.keyword.value == "seed":
                continue
            value = facts.values.literal(arg.value)
            if isinstance(value, (int, float, str, bool, tuple, list)) or value is None:
                arguments[arg.keyword.value] = value
        target.facts.update(op=facts.call_name(call), kind=kind,
                            seed=facts.values.literal(calls.argument_value(call, "seed")),
                            arguments=arguments,
                            call_text=" ".join(facts.module.code_for_node(call).split())[:120])
        return target
    raise SliceError(f"could not find the random draw on line {line}")
