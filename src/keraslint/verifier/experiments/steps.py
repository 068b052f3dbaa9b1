"""Running the user's own training step (custom-loop rules): its arguments on stand-in data,
and what its `tape.gradient` calls returned.

The slice keeps the step function as written (`slicing/loops.py`) but never its loops, whose
data the verifier does not have. A step takes a batch: its first parameter gets inputs of
the trained model's shape, the second labels encoded the way its loss expects them. That is a
stand-in for the user's data, which the verdict says; the claims these experiments test (a
gradient is None, tracing is faster, a call retraces, a variable cannot be created) do not
depend on the values of the data, only on the code that runs.
"""

from __future__ import annotations

import contextlib
from typing import Any, Callable, Iterator, Optional

import numpy as np
import tensorflow as tf

from keraslint.verifier.experiments.data import inputs, labels, rng
from keraslint.verifier.experiments.verdicts import NOTES, Inconclusive
from keraslint.verifier.protocol import SLOT_MODEL

STAND_IN_NOTE = ("stand-in data: the step ran on synthetic batches of the model's input shape "
                 "(the claim depends on the code, not on the data's values)")
BATCH = 16


def step_function(namespace: dict, facts: dict) -> Callable:
    name = facts.get("step_name")
    step = namespace.get(name) if name else None
    if not callable(step):
        raise Inconclusive(f"the slice did not define the step function `{name}`")
    return step


def step_arguments(namespace: dict, facts: dict, skip: Optional[int] = None) -> list[Any]:
    """Stand-in arguments for the step's parameters without defaults: a batch of inputs, then
    labels; `skip` leaves one position out (the caller fills it)."""
    params = [p for p in facts.get("step_params") or [] if not p.get("has_default")]
    model = namespace.get(SLOT_MODEL)
    if model is None:
        raise Inconclusive("the model the step trains is not known, so no stand-in batch "
                           "of its input shape can be made")
    x = inputs(namespace, facts, model, BATCH)
    paired = facts.get("label_outputs") or {}
    args: list[Any] = []
    data_slots = 0
    for position, param in enumerate(params):
        if position == skip:
            args.append(None)
            continue
        pairing = paired.get(str(position))
        if data_slots == 0:
            args.append(x)
        elif pairing is not None and pairing.get("output") is not None:
            args.append(stand_in_labels(model, x, {**facts, **pairing}, pairing["output"]))
        elif data_slots == 1:
            args.append(stand_in_labels(model, x, {**facts, **(pairing or {})}))
        else:
            raise Inconclusive(f"the step takes more than a batch (`{param['name']}`): what "
                               "to pass for it is not known")
        data_slots += 1
    NOTES.append(STAND_IN_NOTE)
    return [_tensor(a) for a in args]


def _tensor(value: Any) -> Any:
    """Batches reach a step as tensors (from a dataset), not NumPy arrays."""
    if value is None:
        return None
    return tf.nest.map_structure(tf.convert_to_tensor, value)


def stand_in_labels(model: Any, x: Any, facts: dict, output: Optional[int] = None
                    ) -> np.ndarray:
    """Labels the way the step's loss expects them (class ids, one-hot, 0/1), else targets of
    the model's output shape; `output` picks one output of a model with several."""
    result = model(x, training=False)
    if isinstance(result, (list, tuple)):
        if output is None or output >= len(result):
            raise Inconclusive("the model has several outputs and which one each label "
                               "parameter trains is not known")
        result = result[output]
    elif isinstance(result, dict):
        raise Inconclusive("the model returns a dict of outputs; the experiment does not "
                           "make labels for it")
    out = np.asarray(result)
    n = len(out)
    classes = int(out.shape[-1]) if out.ndim >= 2 else 1
    kind = facts.get("loss_kind") or ""
    if kind == "sparse_categorical_crossentropy":
        return labels(n, max(classes, 2), "integer")
    if kind in ("categorical_crossentropy", "categorical_focal_crossentropy"):
        return labels(n, classes, "one_hot")
    if kind in ("binary_crossentropy", "binary_focal_crossentropy"):
        return rng(1).integers(0, 2, size=out.shape).astype("float32")
    return rng(1).standard_normal(out.shape).astype("float32")


@contextlib.contextmanager
def recorded_gradients() -> Iterator[list[list[Any]]]:
    """Every `GradientTape.gradient` call's result while the block runs (traced or eager)."""
    results: list[list[Any]] = []
    original = tf.GradientTape.gradient

    def gradient(self, target, sources, *args, **kwargs):
        try:
            value = original(self, target, sources, *args, **kwargs)
        except Exception as error:  # noqa: BLE001 - recorded, then raised as TensorFlow does
            results.append(GradientFailure(error, type(target).__name__))
            raise
        results.append(tf.nest.flatten(value, expand_composites=False) if value is not None
                       else [None])
        return value

    tf.GradientTape.gradient = gradient
    try:
        yield results
    finally:
        tf.GradientTape.gradient = original


class GradientFailure(list):
    """A `tape.gradient` call that raised (its target was not a recorded tensor)."""

    def __init__(self, error: BaseException, target_type: str) -> None:
        super().__init__()
        self.error, self.target_type = error, target_type


def first_line(error: BaseException, limit: int = 200) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
