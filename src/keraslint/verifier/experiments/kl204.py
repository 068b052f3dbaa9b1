"""KL204 loss/output mismatch: a loss that ignores the output's class structure.

- categorical cross-entropy on a one-unit output: the single "class" always has probability 1,
  so the loss is identically 0 and no weight gets a gradient;
- binary cross-entropy on a softmax over C > 2 units: each unit is scored as an independent yes/no,
  so the untrained model already scores (C-1)/C binary accuracy (what tf_keras' "accuracy" and
  Keras' "binary_accuracy" report) while its categorical accuracy is 1/C, and the loss sits far
  below ln(C);
- categorical cross-entropy on sigmoid units: the outputs are not a distribution (rows do not sum
  to 1).
Keras 3 on TensorFlow computes these losses from the logits under the output's activation, which
changes the numbers but not the mismatch; the evidence says which happened here."""

from __future__ import annotations

import re
from typing import Any

import keras
import numpy as np
import tensorflow as tf

from keraslint.verifier.experiments.capture import capture_warnings
from keraslint.verifier.experiments.data import inputs, labels
from keraslint.verifier.experiments.forward import predict
from keraslint.verifier.experiments.losses import chance_text, compiled_loss, loss_kind, loss_name
from keraslint.verifier.experiments.namespace import loss_of, model_of
from keraslint.verifier.experiments.verdicts import Inconclusive, confirmed, fmt, percent, refuted
from keraslint.verifier.protocol import SLOT_Y, Verdict

ZERO = 1e-6  # loss and gradient norm under this count as identically zero
ROW_SUM_OFF = 0.05  # mean |row sum - 1| above this: the outputs are not a distribution
CATEGORICAL = ("categorical_crossentropy", "sparse_categorical_crossentropy",
               "categorical_focal_crossentropy")


def run(namespace: dict, facts: dict) -> Verdict:
    model, loss = model_of(namespace), loss_of(namespace)
    kind = loss_kind(loss, facts)
    x = inputs(namespace, facts, model)
    out = predict(model, x)
    units = int(out.shape[-1]) if out.ndim >= 2 else 1
    row_off = float(np.mean(np.abs(out.sum(axis=-1) - 1))) if units > 1 else 0.0
    if kind in CATEGORICAL:
        if units == 1:
            return _categorical_on_one_unit(namespace, model, loss, x)
        if row_off > ROW_SUM_OFF:
            return _categorical_on_sigmoid(namespace, model, loss, x, out, row_off)
        return refuted(f"the output is a distribution over {units} units (rows sum to 1 within "
                       f"{fmt(row_off)}): {loss_name(loss)} fits it")
    if kind and kind.startswith("binary"):
        if units > 2 and row_off <= ROW_SUM_OFF and float(np.min(out)) >= 0:
            return _binary_on_softmax(namespace, model, loss, x, out)
        if units <= 2:
            return refuted(f"the output has {units} unit(s): binary cross-entropy has the same "
                           "optimum as the categorical one here", units=units)
        return refuted(f"the {units} outputs are independent, not a softmax (mean |row sum - 1| "
                       f"= {fmt(row_off)}): binary cross-entropy scores each as a yes/no output, "
                       "as intended", units=units, mean_abs_row_sum_error=row_off)
    raise Inconclusive(f"cannot tell the kind of the loss {loss_name(loss)}")


def _categorical_on_one_unit(namespace: dict, model: Any, loss: Any, x: Any) -> Verdict:
    given = namespace.get(SLOT_Y)
    y = given[:len(x)] if given is not None else labels(len(x), 2, "binary")
    with capture_warnings() as captured:
        try:
            value, norm = _loss_and_gradient(model, loss, x, y)
        except Exception as error:  # noqa: BLE001 - the loss rejecting the labels is evidence
            if loss_kind(loss, {}) != "sparse_categorical_crossentropy":
                raise
            text = re.sub(r"\{\{[^}]*\}\}\s*", "", " ".join(str(error).split()))
            return confirmed(f"{loss_name(loss)} on a one-unit output rejects the 0/1 labels a "
                             f"one-unit output is trained on: {type(error).__name__}: "
                             f"\"{text[:160]}\" (a one-unit output has only class 0)",
                             units=1, keras_error=1.0)
    warned = captured.matching("num_classes > 1")
    numbers = dict(loss=value, grad_norm=norm, units=1, keras_warned=float(bool(warned)))
    text = (f"{loss_name(loss)} on a one-unit output: loss {fmt(value)} on a random batch with "
            f"0/1 labels, gradient norm over all trainable weights {fmt(norm)}"
            + ("; Keras warned (\"expected ... num_classes > 1\")" if warned else ""))
    if abs(value) >= ZERO:
        return confirmed(text + ": a one-unit output cannot hold a distribution over classes",
                         **numbers)
    if norm < ZERO:
        return confirmed(text + ": a single class always has probability 1, so the loss is "
                         "identically zero and nothing learns", **numbers)
    return confirmed(text + ": the loss is identically zero, yet TensorFlow's softmax "
                     "cross-entropy gradient (p - y, which assumes one-hot labels) still moves "
                     "the weights: updates that reduce no loss", **numbers)


def _categorical_on_sigmoid(namespace: dict, model: Any, loss: Any, x: Any, out: np.ndarray,
                            row_off: float) -> Verdict:
    units = int(out.shape[-1])
    given = namespace.get(SLOT_Y)
    y = given[:len(x)] if given is not None else labels(len(x), units, _encoding(loss))
    value, norm = _loss_and_gradient(model, loss, x, y)
    sums = out.sum(axis=-1)
    numbers = dict(loss=value, grad_norm=norm, mean_row_sum=float(np.mean(sums)),
                   mean_abs_row_sum_error=row_off, units=units)
    text = (f"{loss_name(loss)} on {units} independent (sigmoid-like) outputs: rows sum to "
            f"{fmt(float(np.mean(sums)))} on average (range {fmt(float(np.min(sums)))} to "
            f"{fmt(float(np.max(sums)))}), not 1: the predictions are not a distribution over "
            f"classes; initial loss {fmt(value)} vs {chance_text(units)}")
    repaired = _keras_read_logits(model, loss, x, y, value, softmax=True)
    if repaired:
        text += ("; Keras 3 on TensorFlow computed it as a softmax cross-entropy on the logits "
                 "under the sigmoid (same value), tf_keras and the JAX/PyTorch backends "
                 "rescale the sigmoid outputs by their sum instead")
    numbers["keras_read_logits"] = float(repaired)
    return confirmed(text, **numbers)


def _binary_on_softmax(namespace: dict, model: Any, loss: Any, x: Any, out: np.ndarray) -> Verdict:
    classes = int(out.shape[-1])
    given = namespace.get(SLOT_Y)
    y = given[:len(x)] if given is not None else labels(len(x), classes, "one_hot")
    y = np.asarray(y, dtype="float32")
    if y.shape != out.shape:
        raise Inconclusive(f"labels of shape {y.shape} do not match the output {out.shape}")
    binary_accuracy = float(np.mean((out > 0.5) == (y > 0.5)))
    categorical_accuracy = float(np.mean(out.argmax(-1) == y.argmax(-1)))
    value, norm = _loss_and_gradient(model, loss, x, y)
    numbers = dict(binary_accuracy=binary_accuracy, categorical_accuracy=categorical_accuracy,
                   loss=value, grad_norm=norm, classes=classes)
    text = (f"{loss_name(loss)} on a softmax over {classes} classes: the untrained model scores "
            f"{percent(binary_accuracy)} binary accuracy (tf_keras' \"accuracy\" for this loss, "
            f"Keras' \"binary_accuracy\") vs {percent(categorical_accuracy)} categorical accuracy "
            f"(chance {percent(1 / classes)}); initial loss {fmt(value)} vs "
            f"{chance_text(classes)} for a categorical uniform guess")
    repaired = _keras_read_logits(model, loss, x, y, value, softmax=False)
    if repaired:
        text += ("; Keras 3 on TensorFlow computed it as independent sigmoids on the logits under "
                 "the softmax (same value), which trains a multi-label model whose softmax "
                 "predictions it never scores")
    numbers["keras_read_logits"] = float(repaired)
    return confirmed(text, **numbers)


def _encoding(loss: Any) -> str:
    return "integer" if loss_kind(loss, {}) == "sparse_categorical_crossentropy" else "one_hot"


def _loss_and_gradient(model: Any, loss: Any, x: Any, y: Any) -> tuple[float, float]:
    loss_object = compiled_loss(loss, y, model(x, training=True))
    with tf.GradientTape() as tape:
        value = loss_object(y, model(x, training=True))
    grads = [g for g in tape.gradient(value, model.trainable_variables) if g is not None]
    norm = float(np.sqrt(sum(float(tf.reduce_sum(tf.square(g))) for g in grads)))
    return float(value), norm


def _keras_read_logits(model: Any, loss: Any, x: Any, y: Any, value: float,
                       softmax: bool) -> bool:
    """Did Keras compute the loss from the logits under the output's activation (TF backend)?"""
    logits = getattr(model(x, training=True), "_keras_logits", None)
    if logits is None:
        return False
    if not softmax:
        reference = keras.losses.BinaryCrossentropy(from_logits=True)
    elif loss_kind(loss, {}) == "sparse_categorical_crossentropy":
        reference = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    else:
        reference = keras.losses.CategoricalCrossentropy(from_logits=True)
    try:
        other = float(reference(y, logits))
    except Exception:  # noqa: BLE001 - labels that fit only the written loss: no comparison
        return False
    return abs(other - value) <= 1e-4 * max(1.0, abs(value))
