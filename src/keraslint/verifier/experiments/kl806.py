"""KL806 Dense on a feature map: `Dense` transforms only the last axis, so on a convolution's
(batch, height, width, channels) output it runs once per position. The experiment runs the model
on a batch, records what the flagged Dense layer receives and returns, and reports the per-
position shapes and the model's output shape; a Dense that receives (batch, features) after all
(a flattening the static analysis did not see) comes out refuted."""

from __future__ import annotations

import math

import numpy as np

from keraslint.verifier.experiments.data import inputs
from keraslint.verifier.experiments.forward import predict, ran, recording_io
from keraslint.verifier.experiments.namespace import model_of, require
from keraslint.verifier.experiments.verdicts import confirmed, refuted
from keraslint.verifier.protocol import SLOT_LAYER, Verdict


def run(namespace: dict, facts: dict) -> Verdict:
    model = model_of(namespace)
    layer = require(namespace, SLOT_LAYER, "the flagged Dense layer")
    x = inputs(namespace, facts, model)
    with recording_io([layer]) as (received, returned):
        out = predict(model, x, training=False)
    ran(layer, returned)
    given = tuple(np.shape(received[id(layer)]))
    produced = tuple(np.shape(returned[id(layer)]))
    numbers = {"input_rank": len(given), "output_rank": len(produced),
               "model_output_rank": out.ndim}
    if len(given) <= 2:
        return refuted(f"`{layer.name}` receives a tensor of shape {_shape(given)}: one feature "
                       "vector per sample, so it is applied once per sample", **numbers)
    positions = math.prod(given[1:-1])
    numbers["positions"] = positions
    text = (f"`{layer.name}` receives a feature map of shape {_shape(given)} and returns "
            f"{_shape(produced)}: it is applied separately at each of {positions} positions "
            f"({' x '.join(str(d) for d in given[1:-1])}), never seeing the whole map")
    if out.ndim >= 3:
        text += (f"; the model outputs {_shape(out.shape)}, one {out.shape[-1]}-vector per "
                 "position instead of one prediction per sample")
    else:
        text += f"; the model's output is {_shape(out.shape)}"
    return confirmed(text, **numbers)


def _shape(shape) -> str:
    dims = ["batch"] + [str(d) for d in tuple(shape)[1:]]
    return "(" + ", ".join(dims) + ")"
