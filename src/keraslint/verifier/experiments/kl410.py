"""KL410 regularization ignored: the model called on a stand-in batch in training mode, and
what `model.losses` then holds — the regularization the custom loop's loss leaves out — next
to the loss the loop computes, with the gradient each contributes."""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from keraslint.verifier.experiments.data import inputs
from keraslint.verifier.experiments.namespace import model_of
from keraslint.verifier.experiments.steps import stand_in_labels
from keraslint.verifier.experiments.verdicts import NOTES, confirmed, fmt, percent, refuted
from keraslint.verifier.protocol import SLOT_LOSS, Verdict


def run(namespace: dict, facts: dict) -> Verdict:
    model = model_of(namespace)
    x = inputs(namespace, facts, model, 16)
    y = stand_in_labels(model, x, facts)
    NOTES.append("stand-in batch of the model's input shape (regularizers do not depend on "
                 "the data's labels)")
    loss = namespace.get(SLOT_LOSS)
    variables = model.trainable_variables
    with tf.GradientTape(persistent=True) as tape:
        out = model(x, training=True)
        if loss is not None:
            data_loss = tf.reduce_mean(loss(y, out))
            what = "the loop's loss"
        else:
            data_loss = tf.reduce_mean(tf.square(tf.cast(out, tf.float32)))
            what = "a stand-in mean-squared loss"
        regularization = tf.add_n([tf.cast(t, tf.float32) for t in model.losses]) \
            if model.losses else None
    if regularization is None:
        return refuted("model.losses is empty after a forward pass in training mode: there is "
                       "no regularization to add", regularization_terms=0)
    data_value, reg_value = float(data_loss), float(regularization)
    data_norm = _norm(tape.gradient(data_loss, variables))
    reg_norm = _norm(tape.gradient(regularization, variables))
    del tape
    share = reg_value / (abs(data_value) + reg_value) if reg_value > 0 else 0.0
    numbers = dict(regularization_terms=len(model.losses), regularization_loss=reg_value,
                   data_loss=data_value, regularization_gradient_norm=reg_norm,
                   data_gradient_norm=data_norm)
    if reg_value <= 0 and reg_norm <= 0:
        return refuted(f"model.losses holds {len(model.losses)} terms but they add nothing "
                       "(0.0) here", **numbers)
    return confirmed(f"after one forward pass model.losses holds {len(model.losses)} term(s) "
                     f"summing to {fmt(reg_value)} ({percent(share)} of the total with "
                     f"{what}, {fmt(data_value)}); their gradient (norm {fmt(reg_norm)}, vs "
                     f"{fmt(data_norm)} for the loss) is what the loop leaves out", **numbers)


def _norm(gradients) -> float:
    parts = [np.asarray(g, dtype="float64").ravel() for g in gradients if g is not None]
    return float(np.linalg.norm(np.concatenate(parts))) if parts else 0.0
