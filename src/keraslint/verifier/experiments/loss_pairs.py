"""Two losses on one output: whether outputs can be probabilities, whether they are bounded,
and one step that computes both losses traced and eagerly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Optional

import numpy as np
import tensorflow as tf

from keraslint.verifier.experiments.forward import _all_layers, predict
from keraslint.verifier.experiments.gradients import backing, watching
from keraslint.verifier.experiments.losses import compiled_loss
from keraslint.verifier.experiments.verdicts import Inconclusive, fmt


def not_probabilities(out: np.ndarray, kind: Optional[str] = None) -> str:
    """Why these outputs cannot be what a probability loss expects, or "" when they can be.

    Binary losses read each unit as its own probability; categorical ones also need rows that
    sum to 1 (Keras rescales positive rows, so a row sum is reported only off by > 0.1 %)."""
    low, high = float(np.min(out)), float(np.max(out))
    if low < 0 or high > 1:
        return f"values range over [{fmt(low)}, {fmt(high)}]"
    binary = kind is not None and kind.startswith("binary")
    if not binary and out.ndim >= 2 and out.shape[-1] > 1:
        sums = out.sum(axis=-1)
        if not np.allclose(sums, 1, atol=1e-3):
            return f"rows sum to {fmt(float(np.mean(sums)))} on average, not 1"
    return ""


INPUT_SCALES = (10.0, 100.0)  # float inputs scaled by these to probe whether outputs are bounded
KERNEL_SCALE = 100.0  # ... then the output layer's kernel times this ...
BIAS_SHIFT = -5.0  # ... then its bias shifted by this (upstream activations may all be zero)


@dataclass
class BoundsProbe:
    """Whether outputs that lie in [0, 1] on the batch stay probabilities when pushed."""

    broken: Optional[tuple[str, str, np.ndarray]]  # (probe, why not probabilities, outputs)
    widest: np.ndarray  # the probed outputs with the widest range (when none broke)
    tried: str  # the probes run, for the evidence


def probe_bounds(model: Any, x: Any, kind: Optional[str] = None) -> BoundsProbe:
    """Push the model: scale float inputs, then blow up the output layer's kernel and shift its
    bias. A softmax or sigmoid at the end keeps outputs in [0, 1]; a linear output leaves."""
    tried, widest = [], None
    for name, run in _bound_probes(model, x):
        out = np.asarray(run())
        tried.append(name)
        problem = not_probabilities(out, kind)
        if problem:
            return BoundsProbe((name, problem, out), out, ", ".join(tried))
        if widest is None or np.ptp(out) > np.ptp(widest):
            widest = out
    if widest is None:
        raise Inconclusive("the outputs lie in [0, 1] and could not be probed further")
    return BoundsProbe(None, widest, ", ".join(tried))


def _bound_probes(model: Any, x: Any) -> Iterator[tuple[str, Any]]:
    if _float_inputs(x):
        for scale in INPUT_SCALES:
            yield f"inputs x{scale:g}", lambda s=scale: predict(model, _scaled(x, s))
    layer = _output_layer(model)
    if layer is None:
        return
    yield (f"output layer {layer.name!r} with its kernel x{KERNEL_SCALE:g}",
           lambda: _perturbed(model, x, layer, KERNEL_SCALE, 0.0))
    if getattr(layer, "bias", None) is not None:
        yield (f"output layer {layer.name!r} with its bias shifted by {BIAS_SHIFT:g}",
               lambda: _perturbed(model, x, layer, 1.0, BIAS_SHIFT))


def _float_inputs(x: Any) -> bool:
    arrays = x if isinstance(x, (list, tuple)) else [x]
    return all(isinstance(a, np.ndarray) and a.dtype.kind == "f" for a in arrays)


def _scaled(x: Any, scale: float) -> Any:
    return type(x)(a * scale for a in x) if isinstance(x, (list, tuple)) else x * scale


def _output_layer(model: Any) -> Any:
    """The layer owning the model's last trainable kernel (the output Dense, usually)."""
    try:
        kernel = last_kernel(model)
    except Inconclusive:
        return None
    return next((layer for layer in reversed(_all_layers(model))
                 if getattr(layer, "kernel", None) is kernel), None)


def _perturbed(model: Any, x: Any, layer: Any, scale: float, shift: float) -> np.ndarray:
    kernel, bias = layer.kernel, getattr(layer, "bias", None)
    saved = [kernel.numpy(), None if bias is None else bias.numpy()]
    try:
        kernel.assign(saved[0] * scale)
        if bias is not None:
            bias.assign(saved[1] + shift)
        return predict(model, x)
    finally:
        kernel.assign(saved[0])
        if bias is not None:
            bias.assign(saved[1])


def last_kernel(model: Any) -> Any:
    matrices = [v for v in model.trainable_variables if len(v.shape) >= 2]
    if not matrices:
        raise Inconclusive("the model has no trainable kernel")
    return matrices[-1]


def loss_pair_step(model: Any, first: Any, second: Any, x: Any, y: Any,
                   probe: Any = None) -> Any:
    """A step returning (first loss, second loss, their gradient norms w.r.t. the last kernel)
    on the same forward pass: run it traced, as fit does, or eagerly, as run_eagerly=True.
    `probe`: an output of the model on `x` already computed (it only picks the losses' form)."""
    probe = probe if probe is not None else model(x, training=True)
    losses = [compiled_loss(loss, y, probe) for loss in (first, second)]
    kernel = backing(last_kernel(model))

    def step(x_batch, y_batch):
        with watching([kernel], persistent=True) as tape:
            p = model(x_batch, training=True)
            values = [loss(y_batch, p) for loss in losses]
        grads = [tape.gradient(value, kernel) for value in values]
        norms = [tf.norm(tf.convert_to_tensor(g)) if g is not None else tf.constant(0.0)
                 for g in grads]
        return (*values, *norms)

    return step


def traced(step: Any, x: Any, y: Any) -> list[float]:
    """The step's numbers in a tf.function: what fit runs."""
    return [float(v) for v in tf.function(step)(x, y)]


def traced_and_eager(step: Any, x: Any, y: Any) -> tuple[list[float], list[float]]:
    """The step's numbers in a tf.function (what fit runs) and eagerly (run_eagerly=True)."""
    return traced(step, x, y), [float(v) for v in step(x, y)]
