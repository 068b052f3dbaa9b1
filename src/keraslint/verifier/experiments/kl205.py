"""KL205 label encoding mismatch: integer class ids fed to CategoricalCrossentropy, or one-hot rows
fed to SparseCategoricalCrossentropy. Keras 3 stops with a shape error at the first batch; other
versions and hand-written losses broadcast the labels against the output and return a number that
means nothing. The experiment evaluates the loss as compile() builds it on labels encoded the way
the code encodes them, and compares with the loss that matches that encoding."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from keraslint.verifier.experiments.capture import capture_warnings
from keraslint.verifier.experiments.data import inputs, labels
from keraslint.verifier.experiments.forward import predict
from keraslint.verifier.experiments.losses import chance_text, loss_kind, loss_name, loss_value
from keraslint.verifier.experiments.namespace import loss_of, model_of
from keraslint.verifier.experiments.verdicts import Inconclusive, confirmed, fmt, refuted
from keraslint.verifier.protocol import SLOT_Y, Verdict

EXPECTS = {"categorical_crossentropy": "one_hot", "categorical_focal_crossentropy": "one_hot",
           "sparse_categorical_crossentropy": "integer"}
MATCHING = {"one_hot": "categorical_crossentropy", "integer": "sparse_categorical_crossentropy"}


def run(namespace: dict, facts: dict) -> Verdict:
    model, loss = model_of(namespace), loss_of(namespace)
    kind = loss_kind(loss, facts)
    expected = EXPECTS.get(kind or "")
    if expected is None:
        raise Inconclusive(f"{loss_name(loss)} is neither a categorical nor a sparse "
                           "categorical cross-entropy")
    x = inputs(namespace, facts, model)
    out = predict(model, x)
    classes = int(out.shape[-1]) if out.ndim >= 2 else 1
    y, encoding = _labels(namespace, facts, expected, len(out), classes)
    if encoding == expected:
        return refuted(f"the labels are {_describe(y, encoding)}, the encoding "
                       f"{loss_name(loss)} expects")
    if encoding == "per_class" and expected == "one_hot":
        return _per_class_targets(loss, y, out)
    right = loss_value(MATCHING[encoding], y, out)
    with capture_warnings():
        written, error = _attempt(loss, y, out)
    text = (f"{loss_name(loss)} expects {expected.replace('_', '-')} labels but gets "
            f"{_describe(y, encoding)} for an output of shape {tuple(out.shape)}: ")
    numbers = {"loss_matching_encoding": right, "chance_loss": float(np.log(max(classes, 2)))}
    tail = (f"; the loss that matches these labels ({MATCHING[encoding]}) gives {fmt(right)} "
            f"(vs {chance_text(classes)})")
    if error is not None:
        numbers["keras_error"] = 1.0
        return confirmed(text + f"Keras raises {error}, so fit stops at the first batch" + tail,
                         **numbers)
    numbers.update(loss_as_written=written, keras_error=0.0)
    return confirmed(text + f"the loss runs and returns {fmt(written)}, a broadcast value that "
                     f"does not measure the classification" + tail, **numbers)


def _labels(namespace: dict, facts: dict, expected: str, n: int,
            classes: int) -> tuple[np.ndarray, str]:
    """The slice's labels with the encoding they actually have; else the encoding the finding
    claims (the opposite of what the loss expects, unless the facts say otherwise)."""
    given = namespace.get(SLOT_Y)
    if given is not None:
        y = np.asarray(given)[:n]
        return y, _encoding_of(y, classes)
    claimed = facts.get("label_encoding") or ("integer" if expected == "one_hot" else "one_hot")
    return labels(n, classes, claimed), claimed


def _encoding_of(y: np.ndarray, classes: int) -> str:
    """one_hot rows, integer class ids, or per_class rows: shaped like the output (one value
    per class) but not one-hot (multi-hot, soft or count targets), which are not class ids
    whatever their values."""
    if y.ndim >= 2 and y.shape[-1] == classes and classes > 1:
        if np.all((y == 0) | (y == 1)) and np.allclose(y.sum(-1), 1):
            return "one_hot"
        return "per_class"
    return "integer"


def _describe(y: np.ndarray, encoding: str) -> str:
    what = {"one_hot": "one-hot rows", "integer": "integer class ids",
            "per_class": "rows of one value per class"}[encoding]
    return f"{what} of shape {tuple(y.shape)}"


def _per_class_targets(loss: Any, y: np.ndarray, out: np.ndarray) -> Verdict:
    """Labels shaped (N, C) like an (N, C) output are per-class targets, not class indices:
    the categorical loss takes them as written, and the sparse loss the finding recommends
    cannot (its failure is the evidence)."""
    kinds = "multi-hot" if np.all((y == 0) | (y == 1)) else "soft or count"
    with capture_warnings():
        written, _ = _attempt(loss, y, out)
        _, error = _attempt("sparse_categorical_crossentropy", y, out)
    text = (f"the labels are {_describe(y, 'per_class')} ({kinds} targets) for an output of "
            f"shape {tuple(out.shape)}: shaped like the output, so they are not integer class "
            f"indices; {loss_name(loss)} takes them as written")
    text += f" (loss {fmt(written)})" if written is not None else ""
    text += (f", while the sparse loss the finding recommends fails: {error}" if error else
             ", and the sparse loss the finding recommends would misread them")
    return refuted(text, **({"loss_as_written": written} if written is not None else {}),
                   sparse_loss_error=1.0 if error else 0.0)


def _attempt(loss: Any, y: np.ndarray, out: np.ndarray) -> tuple[Optional[float], Optional[str]]:
    try:
        return loss_value(loss, y, out), None
    except Exception as error:  # noqa: BLE001 - Keras' own error is the evidence
        text = " ".join(str(error).split())
        return None, f"{type(error).__name__}: \"{text[:200]}\""
