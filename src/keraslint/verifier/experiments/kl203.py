"""KL203 softmax over a single unit: exp(z) / exp(z) = 1 whatever z is, so the output is the
constant 1.0 and predictions carry no information. The experiment runs a random batch, checks
that the softmax output is 1.0 everywhere (Keras 3 warns too) and measures the loss gradient over
all trainable weights: zero for a loss on the probabilities; non-zero when Keras 3 on TensorFlow
computes the loss from the logits under the softmax, which trains weights whose predictions stay
1.0. A softmax over another axis (attention weights over time steps from a Dense(1)) varies and
comes out refuted."""

from __future__ import annotations

from typing import Any

import numpy as np
import tensorflow as tf

from keraslint.verifier.experiments.capture import capture_warnings
from keraslint.verifier.experiments.data import inputs
from keraslint.verifier.experiments.forward import predict, recording
from keraslint.verifier.experiments.gradients import backing, watching
from keraslint.verifier.experiments.losses import compiled_loss, loss_kind, loss_name, targets
from keraslint.verifier.experiments.namespace import model_of
from keraslint.verifier.experiments.verdicts import Inconclusive, confirmed, fmt, refuted
from keraslint.verifier.protocol import SLOT_LAYER, SLOT_LOSS, Verdict

CONSTANT = 1e-6  # max |output - 1| under which the softmax output counts as the constant 1.0


def run(namespace: dict, facts: dict) -> Verdict:
    """One forward pass (a transfer model's base dominates the cost) under a tape watching only
    the trainable weights (a frozen base is not recorded, so not back-propagated): the softmax
    layer's output, the model's output, the loss and its gradient all come from it."""
    model = model_of(namespace)
    x = inputs(namespace, facts, model)
    layer = namespace.get(SLOT_LAYER)
    trainable = [backing(v) for v in model.trainable_variables]
    with capture_warnings() as captured, watching(trainable) as tape, \
            recording([layer] if layer is not None else []) as outputs:
        out = predict(model, x, tensor=True)
        loss = _loss(namespace, facts, np.asarray(out), out)
    if layer is not None and id(layer) not in outputs:
        raise Inconclusive(f"layer {layer.name!r} was not used by the model's forward pass")
    seen = np.asarray(outputs[id(layer)] if layer is not None else out)
    warned = captured.matching("has size 1")
    where = f"layer {layer.name!r}" if layer is not None else "the model's output"
    deviation = float(np.max(np.abs(seen - 1.0)))
    numbers: dict[str, Any] = {"max_abs_deviation_from_1": deviation,
                               "output_min": float(np.min(seen)),
                               "output_max": float(np.max(seen))}
    if deviation >= CONSTANT:
        return refuted(f"{where} varies over [{fmt(numbers['output_min'])}, "
                       f"{fmt(numbers['output_max'])}] on a random batch of {len(seen)}: the "
                       "softmax runs over an axis with more than one element", **numbers)
    text = (f"{where} is 1.0 for all {seen.size} values of a random batch of {len(seen)} "
            f"(max |out - 1| = {fmt(deviation)}): a softmax over one unit is constant, so "
            "predict() and accuracy see the same answer for every input")
    if warned:
        text += ("; Keras warned too (\"This axis has size 1. The softmax operation will "
                 "always return the value 1\")")
    numbers["keras_warned"] = float(bool(warned))
    return confirmed(text + _gradient_text(tape, model, loss, numbers), **numbers)


def _loss(namespace: dict, facts: dict, out: np.ndarray, out_tensor: Any) -> Any:
    """(loss as written, its value on the taped output), or the error that stopped it."""
    loss = namespace.get(SLOT_LOSS) or "binary_crossentropy"
    try:
        y = targets(namespace, facts, out, loss_kind(loss, facts))
        return loss, compiled_loss(loss, y, out)(y, out_tensor)
    except Exception as error:  # noqa: BLE001 - the constant output already decides the verdict
        return error


def _gradient_text(tape: Any, model: Any, loss: Any, numbers: dict) -> str:
    """The loss gradient over every trainable weight: zero means the model cannot learn."""
    if isinstance(loss, Exception):
        return f"; the loss could not be evaluated ({type(loss).__name__})"
    written, value = loss
    try:
        grads = tape.gradient(value, [backing(v) for v in model.trainable_variables])
    except Exception as error:  # noqa: BLE001
        return f"; the loss gradient could not be computed ({type(error).__name__})"
    norm = float(np.sqrt(sum(float(tf.reduce_sum(tf.square(g))) for g in grads if g is not None)))
    numbers.update(loss=float(value), grad_norm=norm)
    text = (f"; {loss_name(written)} is {fmt(float(value))} and its gradient norm over all "
            f"{len(grads)} trainable weights is {fmt(norm)}")
    if norm == 0:
        return text + ": nothing upstream can learn"
    return text + (" (Keras 3 on TensorFlow computes the loss from the logits under the softmax, "
                   "so the weights still move, but the model's output stays 1.0)")
