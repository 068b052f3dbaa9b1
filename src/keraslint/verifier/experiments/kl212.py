"""KL212 swapped loss arguments: the user's loss on the model's output for a stand-in batch,
called as written (prediction first) and the right way round (labels first): the values, and
how well the gradients agree on the output layer's kernel."""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from keraslint.verifier.experiments.data import inputs
from keraslint.verifier.experiments.namespace import loss_of, model_of
from keraslint.verifier.experiments.steps import first_line, stand_in_labels
from keraslint.verifier.experiments.verdicts import NOTES, confirmed, fmt, refuted
from keraslint.verifier.protocol import Verdict

AGREE = 0.99  # gradient cosine above which the swap changes nothing that matters
SAME = 1e-3  # relative difference of the loss values under which they count as equal


def run(namespace: dict, facts: dict) -> Verdict:
    model, loss = model_of(namespace), loss_of(namespace)
    x = inputs(namespace, facts, model, 32)
    y = tf.convert_to_tensor(stand_in_labels(model, x, facts))
    NOTES.append("stand-in batch and labels encoded as the loss expects (the order of the "
                 "arguments, not the data, is what is tested)")
    kernel = model.trainable_variables[-2] if len(model.trainable_variables) > 1 \
        else model.trainable_variables[-1]
    with tf.GradientTape(persistent=True) as tape:
        out = model(x, training=False)
        right = tf.reduce_mean(loss(y, out))
        try:
            written = tf.reduce_mean(loss(out, tf.cast(y, out.dtype)))
        except Exception as error:  # noqa: BLE001 - swapped shapes often fail
            return confirmed(f"the loss as written fails: {type(error).__name__}: "
                             f"{first_line(error)}; with (labels, predictions) it is "
                             f"{fmt(float(right))}", loss_right=float(right), raised=1.0)
    g_written, g_right = tape.gradient(written, kernel), tape.gradient(right, kernel)
    del tape
    cosine = _cosine(g_written, g_right)
    numbers = dict(loss_as_written=float(written), loss_right=float(right),
                   gradient_cosine=cosine)
    text = (f"loss as written {fmt(float(written))} vs {fmt(float(right))} with (labels, "
            f"predictions); the output kernel's gradients agree with cosine {fmt(cosine)}")
    differs = abs(float(written) - float(right)) > SAME * max(1.0, abs(float(right)))
    if differs or cosine < AGREE:
        return confirmed(text + ": the swapped loss trains towards a different target",
                         **numbers)
    return refuted(text + ": swapping changes nothing here", **numbers)


def _cosine(a, b) -> float:
    if a is None or b is None:
        return float("nan")
    a, b = np.asarray(a, "float64").ravel(), np.asarray(b, "float64").ravel()
    denominator = np.linalg.norm(a) * np.linalg.norm(b)
    return float(a @ b / denominator) if denominator > 0 else 0.0
