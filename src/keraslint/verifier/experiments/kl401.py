"""KL401 missing training flag: the model the finding names, called on a stand-in batch as
the tape calls it (no `training` argument) and with `training=True`: whether the outputs of
two calls differ (dropout, noise, augmentation act) and whether batch normalization's moving
statistics move. Without the flag Keras 3 runs the model in inference mode."""

from __future__ import annotations

from typing import Any

import keras
import numpy as np
import tensorflow as tf

from keraslint.verifier.experiments.data import inputs
from keraslint.verifier.experiments.namespace import model_of
from keraslint.verifier.experiments.verdicts import NOTES, confirmed, fmt, refuted
from keraslint.verifier.protocol import Verdict

SAME = 1e-6


def run(namespace: dict, facts: dict) -> Verdict:
    model = model_of(namespace)
    x = inputs(namespace, facts, model, 16)
    NOTES.append("stand-in batch of the model's input shape (the training mode does not "
                 "depend on the data)")
    call = facts.get("call") or "model"
    stats = _statistics(model)
    with tf.GradientTape():
        first = _flat(model(x))
    moved_written = _moved(stats, _statistics(model))
    second = _flat(model(x))
    stats = _statistics(model)
    with tf.GradientTape():
        trained_a = _flat(model(x, training=True))
    moved_training = _moved(stats, _statistics(model))
    trained_b = _flat(model(x, training=True))
    varies_written = _difference(first, second)
    varies_training = _difference(trained_a, trained_b)
    modes = _difference(first, trained_a)
    numbers = dict(output_change_between_calls_as_written=varies_written,
                   output_change_between_calls_training=varies_training,
                   output_difference_between_modes=modes,
                   moving_statistics_change_as_written=moved_written,
                   moving_statistics_change_training=moved_training)
    parts = []
    if moved_training > SAME:
        parts.append(f"batch-normalization moving statistics moved by {fmt(moved_training)} "
                     f"with training=True but {fmt(moved_written)} as written")
    if varies_training > SAME:
        parts.append(f"two calls differ by {fmt(varies_training)} with training=True "
                     f"(dropout/noise/augmentation act) but by {fmt(varies_written)} as "
                     "written")
    if modes > SAME:
        parts.append(f"the output as written differs from training mode's by {fmt(modes)}")
    if parts and varies_written <= SAME and moved_written <= SAME:
        return confirmed(f"`{call}(x)` as written runs in inference mode: " + "; ".join(parts),
                         **numbers)
    if not parts:
        return refuted(f"`{call}(x)` behaves the same with and without training=True here: "
                       "no layer of this model acts only in training", **numbers)
    return refuted(f"`{call}(x)` as written already acts in training mode (outputs vary by "
                   f"{fmt(varies_written)}, statistics move by {fmt(moved_written)})", **numbers)


def _statistics(model: Any) -> list[np.ndarray]:
    return [np.array(v.numpy()) for v in model.non_trainable_variables
            if "moving" in v.path or "mean" in v.name or "variance" in v.name]


def _moved(before: list[np.ndarray], after: list[np.ndarray]) -> float:
    return max((float(np.max(np.abs(a - b))) for a, b in zip(before, after) if a.size), default=0.0)


def _flat(output: Any) -> np.ndarray:
    parts = [np.asarray(t, dtype="float64").ravel() for t in keras.tree.flatten(output)]
    return np.concatenate(parts) if parts else np.zeros(0)


def _difference(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.max(np.abs(a - b))) if a.size and a.shape == b.shape else 0.0
