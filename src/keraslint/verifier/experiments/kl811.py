"""KL811 dropout before BatchNormalization: in training, dropout zeroes a fraction `rate` of
its inputs and scales the rest by 1 / (1 - rate), which inflates their variance; BN learns its
moving variance from that. At inference dropout is the identity, so BN divides by a variance
that is too large ("variance shift"). The experiment takes the batch the dropout layer receives
in the model's forward pass, measures each channel's variance of the dropout output in training
and at inference, and reports the scale BN then applies at inference (the square root of their
ratio, 1.0 when nothing shifts)."""

from __future__ import annotations

import numpy as np

from keraslint.verifier.experiments.data import inputs
from keraslint.verifier.experiments.forward import predict, ran, recording_io
from keraslint.verifier.experiments.namespace import model_of, require
from keraslint.verifier.experiments.verdicts import Inconclusive, confirmed, fmt, refuted
from keraslint.verifier.protocol import SLOT_LAYER, SLOT_PARTNER, Verdict

SHIFTED = 0.05  # |1 - inference std after BN| counted as a shift


def run(namespace: dict, facts: dict) -> Verdict:
    model = model_of(namespace)
    dropout = require(namespace, SLOT_LAYER, "the dropout layer")
    norm = require(namespace, SLOT_PARTNER, "the BatchNormalization it feeds")
    x = inputs(namespace, facts, model)
    with recording_io([dropout]) as (received, returned):
        predict(model, x, training=False)
    ran(dropout, returned)
    batch = received[id(dropout)]
    trained = np.asarray(dropout(batch, training=True), dtype="float64")
    inferred = np.asarray(dropout(batch, training=False), dtype="float64")
    axes = tuple(range(trained.ndim - 1))
    var_train = trained.var(axis=axes)
    var_infer = inferred.var(axis=axes)
    live = var_train > 1e-12
    if not live.any():
        raise Inconclusive(f"the input of `{dropout.name}` is constant on this batch")
    epsilon = float(getattr(norm, "epsilon", 1e-3))
    scale = np.sqrt((var_infer[live] + epsilon) / (var_train[live] + epsilon))
    std_after = float(np.mean(scale))
    ratio = float(np.mean(var_train[live] / np.maximum(var_infer[live], 1e-12)))
    rate = float(getattr(dropout, "rate", 0.0))
    numbers = {"rate": rate, "train_to_inference_variance": ratio,
               "inference_std_after_bn": std_after, "channels": int(live.sum())}
    if abs(1.0 - std_after) <= SHIFTED:
        return refuted(f"the output variance of `{dropout.name}` barely differs between "
                       f"training and inference (ratio {fmt(ratio)}): BN's statistics still fit",
                       **numbers)
    return confirmed(
        f"`{dropout.name}` (rate {fmt(rate)}) makes its output's per-channel variance "
        f"{fmt(ratio)}x larger in training than at inference, over {int(live.sum())} channels "
        f"of a batch of {len(batch)}; `{norm.name}` learns its moving variance in training, so "
        f"at inference it rescales activations to a standard deviation of {fmt(std_after)} "
        "instead of 1.0 and every later layer sees a shifted distribution", **numbers)
