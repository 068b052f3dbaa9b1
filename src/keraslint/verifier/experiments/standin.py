"""A stand-in input for a model that declares none: a subclassed model with no `Input`, built
by its first call, when the slice made no batch and the static facts give no input shape.

The first layer the model tracks (Keras records sublayers in the order `__init__` assigns
them, which is the calling order in practice) says what kind of input it reads: features for a
Dense, images for a Conv2D, token ids for an Embedding, sequences for a recurrent layer. Each
candidate is tried on a two-row batch, the next after a failure; the first that runs is kept.
The rules' faults do not depend on the input width (the output layer, the loss, a hidden
layer's initializer relative to the default's), and the evidence names the stand-in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import keras
import numpy as np

TRIAL_ROWS = 2
# Raw text for a model that starts with a TextVectorization (the slice adapts such a layer on
# these same sentences when its own data exists only at run time: see slicing/program.py).
STAND_IN_TEXT = ("the cat sat on the mat", "a dog ran in the park", "it was a good day",
                 "this is not what i expected", "we will see you there tomorrow")
FEATURES, IMAGE, SEQUENCE, TOKENS = (32,), (32, 32, 3), (16, 8), (16,)
# Layers that only reshape, rescale or drop: the layer after them says what the input is.
TRANSPARENT = ("InputLayer", "Dropout", "Rescaling", "Normalization", "BatchNormalization",
               "LayerNormalization", "Activation", "GaussianNoise", "Masking", "Lambda")
RECURRENT = ("LSTM", "GRU", "SimpleRNN", "RNN", "Bidirectional", "ConvLSTM1D")
CONV_2D = ("Conv2D", "SeparableConv2D", "DepthwiseConv2D", "Conv2DTranspose", "MaxPooling2D",
           "AveragePooling2D", "ZeroPadding2D", "RandomFlip", "RandomRotation", "RandomCrop",
           "Resizing", "CenterCrop")
CONV_1D = ("Conv1D", "SeparableConv1D", "DepthwiseConv1D", "Conv1DTranspose", "MaxPooling1D",
           "AveragePooling1D")


@dataclass
class StandIn:
    shape: tuple  # without the batch dimension
    dtype: str
    reason: str  # "its first layer 'conv1' is a Conv2D"
    vocabulary: int = 0  # token ids below this (an Embedding first)

    def batch(self, n: int, generator: np.random.Generator) -> np.ndarray:
        if self.dtype == "string":  # raw text into a TextVectorization or StringLookup
            words = [w for line in STAND_IN_TEXT for w in line.split()]
            if self.shape:
                return np.array([[words[i] for i in generator.integers(0, len(words), self.shape)]
                                 for _ in range(n)])
            picks = generator.integers(0, len(STAND_IN_TEXT), n)
            return np.array([STAND_IN_TEXT[i] for i in picks])
        if self.vocabulary:
            return generator.integers(0, self.vocabulary, size=(n, *self.shape)).astype(self.dtype)
        return generator.standard_normal((n, *self.shape)).astype(self.dtype)

    def describe(self, n: int) -> str:
        kind = f"token ids below {self.vocabulary}" if self.vocabulary else (
            "sentences of common words" if self.dtype == "string" else "standard-normal")
        return (f"stand-in input: the model declares no input shape and the slice gave none; "
                f"{self.reason}, so the batch is {kind} {self.dtype} {(n, *self.shape)}")


def candidates(layers: list) -> list[StandIn]:
    """Stand-ins in the order to try them, from the first layer that says what it reads."""
    first = next((layer for layer in layers if type(layer).__name__ not in TRANSPARENT
                  and not isinstance(layer, keras.Model)), None)  # a nested model: its layers
    if first is None:
        return [StandIn(FEATURES, "float32", "it has no layer that tells its input")]
    kind = type(first).__name__
    article = "an" if kind[0] in "AEIOU" else "a"
    reason = f"its first layer {first.name!r} is {article} {kind}"
    if kind == "TextVectorization":
        return [StandIn((), "string", reason)]
    if kind == "StringLookup":
        return [StandIn((), "string", reason), StandIn((4,), "string", reason)]
    if kind == "Embedding":
        return [StandIn(TOKENS, "int32", reason, vocabulary=int(first.input_dim))]
    if kind in RECURRENT:
        return [StandIn(SEQUENCE, "float32", reason)]
    if kind in CONV_2D:
        return [StandIn(_channels_last(IMAGE, first), "float32", reason)]
    if kind in CONV_1D:
        return [StandIn(_channels_last(SEQUENCE, first), "float32", reason)]
    if kind == "Flatten":
        return [StandIn((28, 28), "float32", reason), StandIn(IMAGE, "float32", reason)]
    if kind == "Dense" or hasattr(first, "kernel"):
        return [StandIn(_dense_width(first), "float32", reason)]
    return [StandIn(shape, "float32", reason) for shape in (FEATURES, IMAGE, SEQUENCE)]


def _dense_width(layer: Any) -> tuple:
    """(32,), or the width the layer's kernel was already built for."""
    kernel = getattr(layer, "kernel", None) if getattr(layer, "built", False) else None
    if kernel is not None and len(kernel.shape) == 2:
        return (int(kernel.shape[0]),)
    return FEATURES


def _channels_last(shape: tuple, layer: Any) -> tuple:
    """The stand-in's channels, matching a kernel already built for another count."""
    kernel = getattr(layer, "kernel", None) if getattr(layer, "built", False) else None
    if kernel is not None and len(kernel.shape) == len(shape) + 1:
        return (*shape[:-1], int(kernel.shape[-2]))
    return shape


def choose(model: Any, layers: list, generator: np.random.Generator) -> tuple[Optional[StandIn],
                                                                            list[str]]:
    """The first candidate the model runs on, and why each earlier one failed."""
    failures = []
    for candidate in candidates(layers):
        try:
            model(candidate.batch(TRIAL_ROWS, generator), training=False)
        except Exception as error:  # noqa: BLE001 - a wrong guess: try the next one
            text = " ".join(str(error).split())[:120]
            failures.append(f"{candidate.shape}: {type(error).__name__}: {text}")
            continue
        return candidate, failures
    return None, failures
