"""KL807 linear stack: a Dense layer with no activation feeding another Dense (through dropout
at most) computes W2 (W1 x + b1) + b2, one affine map. The experiment runs the model at
inference, records what the first layer receives and what the second returns, and checks that
the second's output equals its activation of x @ (W1 W2) + (b1 W2 + b2), the single layer the
two collapse to, and reports that map's rank. A difference (the first layer was not linear
after all) refutes the finding."""

from __future__ import annotations

import numpy as np

from keraslint.verifier.experiments.data import inputs
from keraslint.verifier.experiments.forward import predict, ran, recording_io
from keraslint.verifier.experiments.namespace import model_of, require
from keraslint.verifier.experiments.verdicts import Inconclusive, confirmed, fmt, refuted
from keraslint.verifier.protocol import SLOT_LAYER, SLOT_PARTNER, Verdict

TOLERANCE = 1e-4  # relative: float32 matrix products reordered


def run(namespace: dict, facts: dict) -> Verdict:
    model = model_of(namespace)
    first = require(namespace, SLOT_LAYER, "the linear Dense layer")
    second = require(namespace, SLOT_PARTNER, "the Dense layer it feeds")
    x = inputs(namespace, facts, model)
    with recording_io([first, second]) as (received, returned):
        predict(model, x, training=False)
    ran(first, returned)
    ran(second, returned)
    w1, b1 = _affine(first)
    w2, b2 = _affine(second)
    if w1.shape[1] != w2.shape[0]:
        raise Inconclusive(f"`{first.name}` ({w1.shape[1]} units) does not feed "
                           f"`{second.name}` ({w2.shape[0]} inputs) directly")
    kernel, bias = w1 @ w2, b1 @ w2 + b2
    a = np.asarray(received[id(first)], dtype="float64")
    expected = np.asarray(second.activation(a @ kernel + bias), dtype="float64")
    actual = np.asarray(returned[id(second)], dtype="float64")
    difference = float(np.max(np.abs(expected - actual)))
    scale = 1.0 + float(np.max(np.abs(actual)))
    rank = int(np.linalg.matrix_rank(kernel))
    stacked = w1.size + b1.size + w2.size + b2.size
    single = kernel.size + bias.size
    numbers = {"max_difference": difference, "rank": rank, "stacked_weights": stacked,
               "single_layer_weights": single}
    if difference > TOLERANCE * scale:
        return refuted(f"`{second.name}`'s output differs from one affine map of what "
                       f"`{first.name}` receives by up to {fmt(difference)}: something "
                       "non-linear sits between them", **numbers)
    return confirmed(
        f"at inference `{first.name}` ({w1.shape[0]}->{w1.shape[1]}) and `{second.name}` "
        f"({w2.shape[0]}->{w2.shape[1]}) compute exactly {_activation(second)}x @ W + c with "
        f"one {kernel.shape[0]}x{kernel.shape[1]} matrix W = W1 W2 of rank {rank} (max "
        f"difference {fmt(difference)} over a batch of {len(a)}): {stacked:,} weights where "
        f"one Dense layer of {single:,} computes the same", **numbers)


def _affine(layer) -> tuple[np.ndarray, np.ndarray]:
    kernel = getattr(layer, "kernel", None)
    if kernel is None or len(kernel.shape) != 2:
        raise Inconclusive(f"`{layer.name}` has no 2-D kernel")
    w = np.asarray(kernel, dtype="float64")
    bias = getattr(layer, "bias", None)
    b = np.asarray(bias, dtype="float64") if bias is not None else np.zeros(w.shape[1])
    return w, b


def _activation(layer) -> str:
    name = getattr(getattr(layer, "activation", None), "__name__", "linear")
    return "" if name == "linear" else f"{name} of "
