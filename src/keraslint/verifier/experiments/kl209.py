"""KL209 output units vs classes: the output layer has U units and the labels have K classes as
the code states them. With integer labels up to K - 1 >= U, the sparse cross-entropy meets class
ids the output has no unit for (TensorFlow on CPU raises, GPUs and other backends give NaN or
nonsense); with one-hot labels of width K != U the loss fails on the shapes or broadcasts them.
The experiment evaluates the compiled loss on the slice's own labels (or, when the slice cannot
compute them, on labels of the K classes the code states) against the model's output. With more
units than stated classes it measures the probability the model gives classes that never
occur."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from keraslint.verifier.experiments.data import inputs, labels
from keraslint.verifier.experiments.forward import predict
from keraslint.verifier.experiments.losses import loss_kind, loss_name, loss_value
from keraslint.verifier.experiments.namespace import loss_of, model_of
from keraslint.verifier.experiments.verdicts import NOTES, Inconclusive, confirmed, fmt, refuted
from keraslint.verifier.protocol import SLOT_Y, Verdict

ONE_HOT = ("categorical_crossentropy", "categorical_focal_crossentropy")


def run(namespace: dict, facts: dict) -> Verdict:
    model, loss = model_of(namespace), loss_of(namespace)
    kind = loss_kind(loss, facts)
    if kind not in ONE_HOT and kind != "sparse_categorical_crossentropy":
        raise Inconclusive(f"{loss_name(loss)} is not a multi-class cross-entropy")
    x = inputs(namespace, facts, model)
    out = predict(model, x, training=False)
    units = int(out.shape[-1])
    y, classes = _labels(namespace, facts, kind, len(out))
    numbers: dict[str, Any] = {"units": units, "classes": classes}
    if classes == units:
        return refuted(f"the labels have {classes} classes and the output {units} units",
                       **numbers)
    error, value = _attempt(loss, y, out)
    where = f"{loss_name(loss)} on labels of {classes} classes against {units} output units"
    if error is not None:
        numbers["keras_error"] = 1.0
        return confirmed(f"{where}: {error}, so training stops at the first batch", **numbers)
    numbers["loss"] = value
    if value is None or not np.isfinite(value):
        return confirmed(f"{where}: the loss is {value} (not a number), so training diverges "
                         "at the first step", **numbers)
    if units > classes:
        unused = float(np.mean(np.sum(_probabilities(out)[:, classes:], axis=-1)))
        numbers["probability_on_unused_units"] = unused
        return confirmed(f"{where}: units {classes} to {units - 1} stand for classes that never "
                         f"occur, yet the untrained model gives them {unused:.0%} of its "
                         f"probability (loss {fmt(value)})", **numbers)
    beyond = float(np.mean(_ids(y) >= units))
    numbers["labels_beyond_units"] = beyond
    return confirmed(f"{where}: the loss runs ({fmt(value)}) although {beyond:.0%} of the "
                     f"labels name a class the output has no unit for", **numbers)


def _labels(namespace: dict, facts: dict, kind: Optional[str], n: int
            ) -> tuple[np.ndarray, int]:
    """The slice's labels and their class count; else labels of the count the code states."""
    given = namespace.get(SLOT_Y)
    if given is not None:
        y = np.asarray(given)[:n]
        if kind in ONE_HOT and y.ndim >= 2:
            return y, int(y.shape[-1])
        return y, int(np.max(y)) + 1 if y.size else 0
    count = facts.get("class_count")
    if not isinstance(count, int) or count < 1:
        raise Inconclusive("the slice did not compute the labels and the class count is unknown")
    NOTES.append(f"labels synthesised for the {count} classes the code states (the slice "
                 "could not compute the real ones)")
    encoding = "one_hot" if kind in ONE_HOT else "integer"
    y = labels(n, count, encoding)
    if encoding == "integer":
        y[0] = count - 1  # the largest class the code states occurs in the batch
    return y, count


def _attempt(loss: Any, y: np.ndarray, out: np.ndarray) -> tuple[Optional[str], Optional[float]]:
    try:
        return None, loss_value(loss, y, out)
    except Exception as error:  # noqa: BLE001 - Keras' or TensorFlow's own error is the evidence
        text = " ".join(str(error).split())
        return f"it raises {type(error).__name__}: \"{text[:160]}\"", None


def _probabilities(out: np.ndarray) -> np.ndarray:
    if np.all(out >= 0) and np.allclose(out.sum(-1), 1, atol=1e-3):
        return out
    shifted = np.exp(out - out.max(-1, keepdims=True))
    return shifted / shifted.sum(-1, keepdims=True)


def _ids(y: np.ndarray) -> np.ndarray:
    return np.argmax(y, -1) if y.ndim >= 2 and y.shape[-1] > 1 else y.reshape(-1)
