"""A training batch and a few SGD steps, for faults that show only once weights move."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np
import tensorflow as tf

from keraslint.verifier.experiments.data import inputs, is_recurrent
from keraslint.verifier.experiments.forward import predict
from keraslint.verifier.experiments.gradients import backing, watching
from keraslint.verifier.experiments.losses import _default_loss, compiled_loss, loss_kind, targets
from keraslint.verifier.experiments.verdicts import Inconclusive
from keraslint.verifier.protocol import SLOT_LOSS


def training_batch(namespace: dict, facts: dict, model: Any) -> tuple[Any, Any, Any, np.ndarray]:
    """(x, y, loss, first output): the user's loss when sliced, else cross-entropy that fits the
    output; raises Inconclusive when no loss applies (a linear output and no loss given).

    With the user's loss, a recurrent model's "first output" is zeros of the output's shape: it
    only shapes the labels and the loss, and an eager pass over 200 LSTM steps costs 0.3 s."""
    x = inputs(namespace, facts, model)
    given = namespace.get(SLOT_LOSS)
    out = _output_like(model, x) if given is not None and is_recurrent(model) else None
    out = out if out is not None else predict(model, x)
    loss = given or _default_loss(out)
    if loss is None:
        raise Inconclusive("no loss to train with: the slice has none and the output is linear")
    return x, targets(namespace, facts, out, loss_kind(loss, facts)), loss, out


def _output_like(model: Any, x: Any) -> Optional[np.ndarray]:
    """Zeros shaped like the model's single output on `x`, from its symbolic output; None when
    the model has no fully known one."""
    try:
        outputs = list(model.outputs or [])
    except (AttributeError, ValueError):
        return None
    if len(outputs) != 1 or not isinstance(x, np.ndarray):
        return None
    shape = tuple(outputs[0].shape[1:])
    if any(d is None for d in shape):
        return None
    return np.zeros((len(x), *shape), dtype="float32")


def sgd_steps(model: Any, loss: Any, x: Any, y: Any, steps: int, rate: float = 0.01,
              probe: Any = None) -> None:
    """Plain SGD on every trainable variable (no optimizer state to build: cheap, deterministic).

    `probe` is an output of the model on `x` already computed (it only picks the loss's form).
    A recurrent model's step is traced once, as fit does: eagerly it costs ~10x a traced run
    (an LSTM over 200 steps: 0.45 s eager, 0.25 s to trace, 0.04 s a traced step)."""
    loss_object = compiled_loss(loss, y, probe if probe is not None else model(x, training=True))
    variables = [backing(v) for v in model.trainable_variables]

    def step(x_batch, y_batch):
        with watching(variables) as tape:
            value = loss_object(y_batch, model(x_batch, training=True))
        for variable, grad in zip(variables, tape.gradient(value, variables)):
            if grad is not None:
                variable.assign_sub(rate * tf.convert_to_tensor(grad))

    run = tf.function(step) if is_recurrent(model) else step
    for _ in range(steps):
        run(x, y)
