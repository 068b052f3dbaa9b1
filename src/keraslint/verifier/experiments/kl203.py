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

from keraslint.verifier.experiments.common import (
    capture_warnings, compiled_loss, confirmed, fmt, inputs, layer_outputs,
    loss_kind, loss_name, model_of, predict, refuted, targets,
)
from keraslint.verifier.protocol import SLOT_LAYER, SLOT_LOSS, Verdict

CONSTANT = 1e-6  # max |output - 1| under which the softmax output counts as the constant 1.0


def run(namespace: dict, facts: dict) -> Verdict:
    model = model_of(namespace)
    x = inputs(namespace, facts, model)
    layer = namespace.get(SLOT_LAYER)
    with capture_warnings() as captured:
        seen = layer_outputs(model, [layer], x)[0] if layer is not None else predict(model, x)
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
    with capture_warnings():  # the same size-1 warning again: already reported
        gradient = _gradient_text(namespace, facts, model, x, numbers)
    return confirmed(text + gradient, **numbers)


def _gradient_text(namespace: dict, facts: dict, model: Any, x: Any, numbers: dict) -> str:
    """The loss gradient over every trainable weight: zero means the model cannot learn."""
    loss = namespace.get(SLOT_LOSS) or "binary_crossentropy"
    out = predict(model, x)
    try:
        y = targets(namespace, facts, out, loss_kind(loss, facts))
        loss_object = compiled_loss(loss, y, out)
        with tf.GradientTape() as tape:
            value = loss_object(y, model(x, training=True))
        grads = tape.gradient(value, model.trainable_variables)
    except Exception as error:  # noqa: BLE001 - the constant output already decides the verdict
        return f"; the loss could not be evaluated ({type(error).__name__})"
    norm = float(np.sqrt(sum(float(tf.reduce_sum(tf.square(g))) for g in grads if g is not None)))
    numbers.update(loss=float(value), grad_norm=norm)
    text = (f"; {loss_name(loss)} is {fmt(float(value))} and its gradient norm over all "
            f"{len(grads)} trainable weights is {fmt(norm)}")
    if norm == 0:
        return text + ": nothing upstream can learn"
    return text + (" (Keras 3 on TensorFlow computes the loss from the logits under the softmax, "
                   "so the weights still move, but the model's output stays 1.0)")
