"""The flagged layers and a default-initialised twin of them: the baseline a suspect
initialisation is measured against.
"""

from __future__ import annotations

import contextlib
import math
from typing import Any, Iterator, Sequence

import keras
import numpy as np

from keraslint.verifier.experiments.data import SEED
from keraslint.verifier.experiments.forward import _all_layers, kernel_of
from keraslint.verifier.protocol import SLOT_INITIALIZER, SLOT_LAYER


def flagged_layers(namespace: dict, model: Any) -> list:
    """SLOT_LAYER, plus every layer of the model whose kernel initializer is the flagged one."""
    layer = namespace.get(SLOT_LAYER)
    initializer = namespace.get(SLOT_INITIALIZER)
    found = [layer] if layer is not None else []
    if initializer is not None:
        found += [candidate for candidate in _all_layers(model)
                  if getattr(candidate, "kernel_initializer", None) is initializer
                  and candidate is not layer]
    return found


OFF_SCALE = 2.0  # a kernel std over 2x He's or under half Glorot's for its fans is off-scale


def off_scale_layers(model: Any, flagged: Sequence[Any]) -> list:
    """Layers other than the flagged ones whose kernel is off the scale of Keras' fan-scaled
    initializers: std over OFF_SCALE x He's or under Glorot's / OFF_SCALE, or a mean off-centre
    by more than Glorot's std. Another badly initialised layer upstream would distort both runs
    of the comparison (it saturates the default twin too), so both runs reset these."""
    skip = {id(kernel_of(layer)) for layer in flagged}
    found = []
    for layer in _all_layers(model):
        kernel = getattr(layer, "kernel", None)
        if getattr(layer, "kernel_initializer", None) is None or kernel is None \
                or len(kernel.shape) < 2 or id(kernel) in skip:
            continue
        skip.add(id(kernel))
        if _off_scale(np.asarray(kernel.numpy())):
            found.append(layer)
    return found


def _off_scale(values: np.ndarray) -> bool:
    fan_in, fan_out = _fans(values.shape)
    glorot, he = math.sqrt(2 / (fan_in + fan_out)), math.sqrt(2 / fan_in)
    std, mean = float(np.std(values)), abs(float(np.mean(values)))
    return std > OFF_SCALE * he or std < glorot / OFF_SCALE or mean > glorot


def _fans(shape: tuple) -> tuple[int, int]:
    """Fan-in and fan-out as Keras' initializers compute them."""
    receptive = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
    return max(1, shape[-2] * receptive), max(1, shape[-1] * receptive)


@contextlib.contextmanager
def default_initialised(layers: Sequence[Any], seed: int = SEED) -> Iterator[None]:
    """The same model with these layers' kernels drawn from Keras' default (glorot_uniform).

    Re-assigning in place (and restoring afterwards) works for subclassed models, where
    `clone_model` cannot rebuild the architecture, and costs no rebuild.
    """
    saved = [kernel_of(layer).numpy() for layer in layers]
    try:
        for i, layer in enumerate(layers):
            kernel = kernel_of(layer)
            fresh = keras.initializers.GlorotUniform(seed=seed + i)(kernel.shape, kernel.dtype)
            kernel.assign(fresh)
        yield
    finally:
        for layer, values in zip(layers, saved):
            kernel_of(layer).assign(values)
