"""KL810 bias before BatchNormalization: in training, BN subtracts each channel's batch mean,
and a per-channel bias only shifts that mean, so it cancels. The experiment takes the batch the
flagged layer receives in the model's forward pass, runs the layer and its BatchNormalization in
training mode under a gradient tape with a fixed random read-out, and measures the gradient of
the bias against the kernel's, and how much BN's output moves when every bias is shifted by 1.
A bias that does matter (BN over another axis) comes out refuted."""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from keraslint.verifier.experiments.data import inputs, rng
from keraslint.verifier.experiments.forward import predict, ran, recording_io
from keraslint.verifier.experiments.gradients import backing
from keraslint.verifier.experiments.namespace import model_of, require
from keraslint.verifier.experiments.verdicts import Inconclusive, confirmed, fmt, refuted
from keraslint.verifier.protocol import SLOT_LAYER, SLOT_PARTNER, Verdict

CANCELLED = 1e-4  # bias gradient / kernel gradient (float32 batch statistics)


def run(namespace: dict, facts: dict) -> Verdict:
    model = model_of(namespace)
    layer = require(namespace, SLOT_LAYER, "the layer with a bias")
    norm = require(namespace, SLOT_PARTNER, "the BatchNormalization it feeds")
    x = inputs(namespace, facts, model)
    with recording_io([layer]) as (received, returned):
        predict(model, x, training=True)
    ran(layer, returned)
    if getattr(layer, "bias", None) is None:
        return refuted(f"`{layer.name}` has no bias (use_bias=False)")
    batch = tf.convert_to_tensor(received[id(layer)])
    bias = backing(layer.bias)
    kernels = [backing(w) for w in layer.trainable_weights if w is not layer.bias]
    with tf.GradientTape() as tape:
        out = norm(layer(batch), training=True)
        readout = tf.constant(rng(3).standard_normal(out.shape).astype("float32"))
        loss = tf.reduce_sum(out * readout)
    bias_grad, *kernel_grads = tape.gradient(loss, [bias, *kernels])
    if bias_grad is None or not kernels or any(g is None for g in kernel_grads):
        raise Inconclusive(f"no gradient reached `{layer.name}` through `{norm.name}`")
    bias_norm = float(tf.norm(bias_grad))
    kernel_norm = float(tf.sqrt(sum(tf.reduce_sum(tf.square(g)) for g in kernel_grads)))
    shift = _shift_effect(layer, norm, batch, out)
    numbers = {"bias_gradient_norm": bias_norm, "kernel_gradient_norm": kernel_norm,
               "output_change_for_bias_shift": shift, "batch": int(batch.shape[0])}
    if kernel_norm == 0 or bias_norm > CANCELLED * kernel_norm:
        return refuted(f"the bias of `{layer.name}` gets a gradient of norm {fmt(bias_norm)} "
                       f"through `{norm.name}` (kernel: {fmt(kernel_norm)}): it is not "
                       "cancelled here", **numbers)
    return confirmed(
        f"in training mode the gradient reaching the bias of `{layer.name}` through "
        f"`{norm.name}` has norm {fmt(bias_norm)}, against {fmt(kernel_norm)} for its kernel(s), "
        f"on a batch of {int(batch.shape[0])}; shifting every bias by 1.0 moves BN's output "
        f"by at most {fmt(shift)}: the {int(np.prod(layer.bias.shape)):,} bias weights never "
        "learn anything", **numbers)


def _shift_effect(layer, norm, batch, before) -> float:
    """max |BN(layer(x)) - BN(layer(x) with every bias + 1)| in training mode."""
    original = np.asarray(layer.bias)
    try:
        layer.bias.assign(original + 1.0)
        after = norm(layer(batch), training=True)
    finally:
        layer.bias.assign(original)
    return float(tf.reduce_max(tf.abs(after - before)))
