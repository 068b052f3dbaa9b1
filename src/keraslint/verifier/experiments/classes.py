"""Shared by the custom-class experiments (KL802, KL803, KL804, KL808): the flagged class's
instance the slice created, and a small input to call it on."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np

from keraslint.verifier.experiments.verdicts import Inconclusive
from keraslint.verifier.protocol import SLOT_LAYER, SLOT_MODEL

# Shapes tried, in order, for a layer called outside any model (its input is not in the code).
_CANDIDATE_SHAPES = ((4, 8), (4, 6, 8), (4, 8, 8, 3))


def instance_of(namespace: dict, facts: dict) -> Any:
    layer = namespace.get(SLOT_LAYER)
    if layer is None:
        raise Inconclusive(f"the slice did not create an instance of `{facts.get('class_name')}`")
    return layer


def model_or_none(namespace: dict) -> Optional[Any]:
    model = namespace.get(SLOT_MODEL)
    return model if callable(model) else None


def model_input(facts: dict, model: Any) -> Optional[np.ndarray]:
    """A random batch of 4 for the model's first input, when its shape is static."""
    shape = facts.get("input_shape")
    if shape is None:
        try:
            shape = tuple(model.inputs[0].shape[1:])
        except Exception:  # noqa: BLE001 - subclassed models have no symbolic inputs
            return None
    if not shape or any(d is None for d in shape):
        return None
    return np.random.rand(4, *shape).astype("float32")


def call_on_candidates(layer: Any) -> tuple[Optional[tuple], Optional[BaseException], Any]:
    """Call `layer` on the candidate shapes until one runs; (shape, error, output) of the first
    that runs, else of the last error."""
    last: tuple[Optional[tuple], Optional[BaseException], Any] = (None, None, None)
    for shape in _CANDIDATE_SHAPES:
        x = np.random.rand(*shape).astype("float32")
        try:
            return shape, None, layer(x)
        except Exception as error:  # noqa: BLE001 - the error may be the evidence
            last = (shape, error, None)
    return last


def one_line(error: BaseException, limit: int = 240) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
