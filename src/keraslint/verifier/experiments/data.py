"""Synthetic batches for a model: small (64 rows, fewer for recurrent or large inputs) and
seeded, so that a measurement is cheap on CPU and the same on every run.
"""

from __future__ import annotations

import math
from typing import Any, Optional

import keras
import numpy as np

from keraslint.verifier.experiments import standin
from keraslint.verifier.experiments.forward import _all_layers
from keraslint.verifier.experiments.verdicts import Inconclusive, NOTES, STAND_INS
from keraslint.verifier.protocol import SLOT_X


BATCH = 64  # samples per synthetic batch: enough for a stable std / PCA, cheap on CPU
# A recurrent layer runs its cell once per time step (a Python-level loop when eager), so its
# cost is per step, not per row: such models get 8 rows and, where the model leaves the input
# length free, the last 16 time steps (Keras pads sequences at the front).
RECURRENT_BATCH = 8
# Large inputs (ImageNet-sized images into an application) get fewer rows: 64 images of
# 224x224x3 through EfficientNetB0 under a tape passed the 4 GB memory limit. A batch holds at
# most 64 rows of 32x32x3, and never fewer than LARGE_INPUT_ROWS.
BATCH_ELEMENTS = 64 * 32 * 32 * 3
LARGE_INPUT_ROWS = 4
SHORT_SEQUENCE = 16
SEED = 0


def rng(offset: int = 0) -> np.random.Generator:
    return np.random.default_rng(SEED + offset)


def inputs(namespace: dict, facts: dict, model: Any, n: Optional[int] = None) -> Any:
    """The slice's own batch when it made one, else standard-normal inputs of the model's shape.

    Integer inputs (an Embedding first) get token ids below the vocabulary size. A recurrent
    model gets fewer rows and, on a free time axis, a shorter sequence (see RECURRENT_BATCH).
    """
    recurrent = is_recurrent(model)
    n = n or (RECURRENT_BATCH if recurrent else BATCH)
    given = namespace.get(SLOT_X)
    if given is not None:
        given = _head(given, n)
        return _shortened(given, model) if recurrent else given
    stand_in = _stand_in(model, facts, n)
    if stand_in is not None:
        return stand_in.batch(n, rng(10))
    shapes = _input_shapes(model, facts)
    n = _rows_for(shapes, n)
    arrays = [_synthetic_input(shape, dtype, _vocabulary(model), n, i)
              for i, (shape, dtype) in enumerate(shapes)]
    return arrays[0] if len(arrays) == 1 else _structured(model, arrays)


def _rows_for(shapes: list[tuple[tuple, str]], n: int) -> int:
    per_row = sum(math.prod(8 if d is None else d for d in shape) for shape, _ in shapes)
    return min(n, max(LARGE_INPUT_ROWS, BATCH_ELEMENTS // max(per_row, 1)))


def _structured(model: Any, arrays: list) -> Any:
    """Several inputs packed the way the model declares them: a dict of named inputs (its
    `model.inputs` are flattened in the same order), else a list."""
    try:
        structure = model.input
    except (AttributeError, ValueError):
        return arrays
    if isinstance(structure, dict):
        return keras.tree.pack_sequence_as(structure, arrays)
    return arrays


def is_recurrent(model: Any) -> bool:
    return any(isinstance(layer, keras.layers.RNN) for layer in _all_layers(model))


def _shortened(x: Any, model: Any) -> Any:
    """The last SHORT_SEQUENCE steps of a single input whose time axis the model leaves free."""
    try:
        shape = tuple(model.inputs[0].shape) if len(model.inputs or []) == 1 else ()
    except (AttributeError, ValueError):
        return x
    if len(shape) < 2 or shape[1] is not None or np.ndim(x) < 2 \
            or np.shape(x)[1] <= SHORT_SEQUENCE:
        return x
    return x[:, -SHORT_SEQUENCE:]


def _head(value: Any, n: int) -> Any:
    if isinstance(value, (list, tuple)):
        return type(value)(_head(v, n) for v in value)
    if isinstance(value, dict):
        return {k: _head(v, n) for k, v in value.items()}
    return value[:n] if hasattr(value, "__getitem__") and np.ndim(value) > 0 else value


def _input_shapes(model: Any, facts: dict) -> list[tuple[tuple, str]]:
    try:
        model_inputs = list(model.inputs or [])
    except (AttributeError, ValueError):
        model_inputs = []
    if model_inputs:
        return [(tuple(t.shape[1:]), str(getattr(t, "dtype", "float32"))) for t in model_inputs]
    shape = facts.get("input_shape")
    if not shape or any(not isinstance(d, int) or d <= 0 for d in shape):
        raise Inconclusive("the input shape is unknown (no model.inputs, no static input_shape)")
    return [(tuple(shape), "float32")]


def _declared_inputs(model: Any) -> bool:
    try:
        return bool(model.inputs)
    except (AttributeError, ValueError):
        return False


def _static_shape(facts: dict) -> bool:
    shape = facts.get("input_shape")
    return bool(shape) and all(isinstance(d, int) and d > 0 for d in shape)


def _stand_in(model: Any, facts: dict, n: int) -> Optional[standin.StandIn]:
    """For a model that declares no input and no static shape: a batch its first layer reads
    (`standin.py`), chosen once per job and stated in the evidence."""
    if _declared_inputs(model) or _static_shape(facts):
        return None
    if id(model) not in STAND_INS:
        chosen, failures = standin.choose(model, _all_layers(model), rng(10))
        if chosen is None:
            raise Inconclusive("the input shape is unknown (no model.inputs, no static "
                               "input_shape) and no stand-in input ran: " + "; ".join(failures))
        STAND_INS[id(model)] = chosen
        NOTES.append(chosen.describe(n))
    return STAND_INS[id(model)]


def _vocabulary(model: Any) -> int:
    """Token ids below every Embedding's input_dim: valid whichever one an input feeds."""
    sizes = [int(layer.input_dim) for layer in _all_layers(model)
             if type(layer).__name__ == "Embedding"]
    return min(sizes) if sizes else 100


def _synthetic_input(shape: tuple, dtype: str, vocabulary: int, n: int, offset: int) -> Any:
    if any(d is None for d in shape):
        shape = tuple(8 if d is None else d for d in shape)  # variable-length axes: length 8
    if "int" in dtype:
        return rng(10 + offset).integers(0, vocabulary, size=(n, *shape)).astype(dtype)
    return rng(10 + offset).standard_normal((n, *shape)).astype("float32")


def class_ids(n: int, classes: int) -> np.ndarray:
    return rng(1).integers(0, max(classes, 1), size=n)


def labels(n: int, classes: int, encoding: str) -> np.ndarray:
    """Labels for `classes` classes: integer ids, one-hot rows, or 0/1 (binary)."""
    ids = class_ids(n, 2 if encoding == "binary" else classes)
    if encoding == "one_hot":
        return np.eye(classes, dtype="float32")[ids]
    if encoding == "binary":
        return ids.reshape(n, 1).astype("float32")
    return ids
