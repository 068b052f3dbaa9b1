"""Reading a sliced program's namespace: a missing slot is a reason to be inconclusive, not
an error.
"""

from __future__ import annotations

from typing import Any

import keras

from keraslint.verifier.experiments.verdicts import Inconclusive
from keraslint.verifier.protocol import SLOT_LOSS, SLOT_MODEL


def require(namespace: dict, slot: str, what: str) -> Any:
    value = namespace.get(slot)
    if value is None:
        raise Inconclusive(f"the slice did not produce {what}")
    return value


def model_of(namespace: dict) -> keras.Model:
    model = require(namespace, SLOT_MODEL, "the model")
    if not callable(model):
        raise Inconclusive(f"the model slot holds a {type(model).__name__}, not a Keras model")
    return model


def loss_of(namespace: dict) -> Any:
    return require(namespace, SLOT_LOSS, "the loss")
