"""Forward passes and what they pass through: one call per measurement, with chosen layers'
outputs recorded on the way rather than rebuilt as sub-models.
"""

from __future__ import annotations

import contextlib
from typing import Any, Iterator, Optional, Sequence

import numpy as np

from keraslint.verifier.experiments.verdicts import Inconclusive


NORMALIZATION = ("BatchNormalization", "LayerNormalization", "GroupNormalization",
                 "UnitNormalization", "RMSNormalization")
PASS_THROUGH = ("Activation", "ReLU", "LeakyReLU", "ELU", "PReLU", "Softmax", "Dropout",
                "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise",
                "GaussianDropout", "AlphaDropout")


def predict(model: Any, x: Any, training: bool = True, tensor: bool = False) -> Any:
    """One forward pass. `training=True` is what the first training step sees (batch statistics
    in BatchNormalization), not the untouched moving averages. `tensor=True` keeps the output a
    tensor (for a gradient tape), else NumPy."""
    try:
        out = model(x, training=training)
    except Exception as error:  # noqa: BLE001 - any failure means the model cannot be run here
        raise Inconclusive(f"the model cannot be run on synthetic input of shape "
                           f"{_shape_text(x)}: {type(error).__name__}: {_first_line(error)}"
                           ) from error
    if isinstance(out, (list, tuple, dict)):
        raise Inconclusive("the model has several outputs; the experiment needs one")
    return out if tensor else np.asarray(out)


def _shape_text(x: Any) -> str:
    if isinstance(x, (list, tuple)):
        return ", ".join(str(np.shape(v)) for v in x)
    return str(np.shape(x))


def _first_line(error: BaseException, limit: int = 200) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


@contextlib.contextmanager
def recording(layers: Sequence[Any]) -> Iterator[dict]:
    """Record each layer's latest output during forward passes, whatever the model style.

    Wrapping the instance's `call` works for Sequential, functional and subclassed models alike
    (a sub-model `keras.Model(model.inputs, layer.output)` only exists for the first two).
    """
    outputs: dict[int, Any] = {}
    for layer in layers:
        layer.call = _recorder(layer.call, id(layer), outputs)
    try:
        yield outputs
    finally:
        for layer in layers:
            layer.__dict__.pop("call", None)


def _recorder(original: Any, key: int, outputs: dict, inputs: Optional[dict] = None) -> Any:
    def call(*args, **kwargs):
        result = original(*args, **kwargs)
        outputs[key] = result
        if inputs is not None:
            inputs[key] = args[0] if args else next(iter(kwargs.values()), None)
        return result

    return call


@contextlib.contextmanager
def recording_io(layers: Sequence[Any]) -> Iterator[tuple[dict, dict]]:
    """Like `recording`, keeping each layer's latest input too: (inputs, outputs) by id."""
    inputs: dict[int, Any] = {}
    outputs: dict[int, Any] = {}
    for layer in layers:
        layer.call = _recorder(layer.call, id(layer), outputs, inputs)
    try:
        yield inputs, outputs
    finally:
        for layer in layers:
            layer.__dict__.pop("call", None)


def ran(layer: Any, outputs: dict) -> None:
    """Raise Inconclusive unless the forward pass went through `layer`."""
    if id(layer) not in outputs:
        raise Inconclusive(f"layer {layer.name!r} was not used by the model's forward pass")


def _all_layers(model: Any) -> list:
    try:
        return list(model._flatten_layers(include_self=False))
    except AttributeError:
        return list(getattr(model, "layers", []))


def block_after(layer: Any) -> list:
    """The layers right after `layer` that only normalise, activate or drop out: the flagged
    layer's signal is judged where the next weighted layer receives it."""
    block, current = [], layer
    while True:
        nodes = getattr(current, "_outbound_nodes", None) or []
        consumers = {id(node.operation): node.operation for node in nodes}
        if len(consumers) != 1:
            return block
        (following,) = consumers.values()
        if type(following).__name__ not in NORMALIZATION + PASS_THROUGH:
            return block
        block.append(following)
        current = following


def kernel_of(layer: Any) -> Any:
    kernel = getattr(layer, "kernel", None)
    if kernel is not None:
        return kernel
    matrices = [w for w in layer.weights if len(w.shape) >= 2]
    if not matrices:
        raise Inconclusive(f"layer {layer.name!r} has no kernel")
    return matrices[0]
