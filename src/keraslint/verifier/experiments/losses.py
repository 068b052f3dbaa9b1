"""Losses as the model would compute them, the targets they need, and chance level to judge
a loss value against.
"""

from __future__ import annotations

import math
from typing import Any, Optional

import keras
import numpy as np

from keraslint.verifier.experiments.data import _head, labels, rng
from keraslint.verifier.experiments.verdicts import Inconclusive, fmt
from keraslint.verifier.protocol import SLOT_Y


def compiled_loss(loss: Any, y: Any, p: Any) -> Any:
    """The loss object `compile(loss=...)` would build: strings resolved the way Keras resolves
    them (including "crossentropy" by shape), functions wrapped with Keras' reduction and
    rank matching."""
    try:
        from keras.src.trainers.compile_utils import get_loss
        return get_loss(loss, y, p)
    except ImportError:  # private path moved: fall back to the public resolution
        return keras.losses.get(loss) if isinstance(loss, str) else loss


def loss_value(loss: Any, y: Any, p: Any) -> float:
    """Mean loss as training would compute it (raises Keras' own error on a shape mismatch)."""
    value = compiled_loss(loss, y, p)(y, p)
    return float(np.mean(np.asarray(value)))  # a function's per-sample values: their mean


def loss_name(loss: Any) -> str:
    if isinstance(loss, str):
        return repr(loss)
    if isinstance(loss, keras.losses.Loss):
        config = loss.get_config()
        flag = "from_logits=True" if config.get("from_logits") else ""
        return f"{type(loss).__name__}({flag})"
    return getattr(loss, "__name__", type(loss).__name__)


def loss_config(loss: Any) -> dict:
    return loss.get_config() if isinstance(loss, keras.losses.Loss) else {}


def with_from_logits(loss: Any, from_logits: bool, kind: Optional[str] = None) -> Any:
    """The same loss with `from_logits` flipped; for a function, the Keras loss of `kind`."""
    if isinstance(loss, keras.losses.Loss) and "from_logits" in loss.get_config():
        return type(loss).from_config({**loss.get_config(), "from_logits": from_logits})
    builder = LOSS_CLASSES.get(kind or "")
    if builder is None:
        raise Inconclusive(f"cannot rebuild {loss_name(loss)} with from_logits={from_logits}")
    return builder(from_logits=from_logits)


LOSS_CLASSES = {
    "categorical_crossentropy": keras.losses.CategoricalCrossentropy,
    "sparse_categorical_crossentropy": keras.losses.SparseCategoricalCrossentropy,
    "binary_crossentropy": keras.losses.BinaryCrossentropy,
    "categorical_focal_crossentropy": keras.losses.CategoricalFocalCrossentropy,
    "binary_focal_crossentropy": keras.losses.BinaryFocalCrossentropy,
}


def loss_kind(loss: Any, facts: dict) -> Optional[str]:
    """"categorical_crossentropy" etc. from the loss itself, else from the static facts."""
    if isinstance(loss, str):
        key = loss.lower()
        aliases = {"cce": "categorical_crossentropy", "bce": "binary_crossentropy",
                   "scce": "sparse_categorical_crossentropy"}
        key = aliases.get(key, key)
        for kind, cls in LOSS_CLASSES.items():
            if key in (kind, cls.__name__.lower()):
                return kind
    for kind, cls in LOSS_CLASSES.items():
        if isinstance(loss, cls):
            return kind
    name = getattr(loss, "__name__", "")
    return name if name in LOSS_CLASSES else facts.get("loss_kind")


def encoding_for(kind: Optional[str], facts: dict) -> str:
    if kind == "sparse_categorical_crossentropy":
        return "integer"
    if kind in ("categorical_crossentropy", "categorical_focal_crossentropy"):
        return "one_hot"
    if kind in ("binary_crossentropy", "binary_focal_crossentropy"):
        return "binary"
    return facts.get("label_encoding") or "integer"


def targets(namespace: dict, facts: dict, out: np.ndarray, kind: Optional[str]) -> Any:
    """The slice's labels when it made them, else labels encoded the way the loss expects."""
    given = namespace.get(SLOT_Y)
    if given is not None:
        return _head(given, len(out))
    encoding = encoding_for(kind, facts)
    if encoding == "binary":
        return rng(1).integers(0, 2, size=out.shape).astype("float32")
    classes = classes_of(out, facts)
    if out.ndim > 2:  # a prediction per position (segmentation, sequence tagging)
        ids = rng(1).integers(0, classes, size=out.shape[:-1])
        return np.eye(classes, dtype="float32")[ids] if encoding == "one_hot" else ids
    return labels(len(out), classes, encoding)


def classes_of(out: np.ndarray, facts: dict) -> int:
    units = int(out.shape[-1]) if out.ndim >= 2 else 1
    return units if units > 1 else int(facts.get("num_classes") or units)


def chance_loss(classes: int) -> float:
    """ln(C): the cross-entropy of a uniform guess, what an untrained classifier should show."""
    return math.log(classes) if classes > 1 else math.log(2)


def chance_text(classes: int) -> str:
    """"ln(10) = 2.30", or "ln(2) = 0.69 (per binary output)" for a one-unit output."""
    if classes > 1:
        return f"ln({classes}) = {fmt(chance_loss(classes))}"
    return f"ln(2) = {fmt(chance_loss(2))} (per binary output)"


def _default_loss(out: np.ndarray) -> Optional[str]:
    """Without the user's loss: cross-entropy when the output is a probability, else nothing."""
    if out.ndim < 2 or np.min(out) < 0 or np.max(out) > 1:
        return None
    if out.shape[-1] > 1 and np.allclose(out.sum(-1), 1, atol=1e-3):
        return "sparse_categorical_crossentropy"
    return "binary_crossentropy" if out.shape[-1] == 1 else None
