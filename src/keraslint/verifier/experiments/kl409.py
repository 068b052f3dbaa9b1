"""KL409 fixed seed in traced code: the random op of the finding, with its literal seed and
arguments, drawn repeatedly inside a `tf.function` (and eagerly): identical draws on every call
confirm it; the same op with a `SeedGenerator` (or per-call seeds) shows the draws that were
meant. The shape (or image) is a stand-in: the seed, not the shape, decides the numbers."""

from __future__ import annotations

from typing import Any, Callable

import keras
import numpy as np
import tensorflow as tf

from keraslint.verifier.experiments.verdicts import (
    Inconclusive, NOTES, confirmed, fmt, refuted,
)
from keraslint.verifier.protocol import Verdict

CALLS = 6
SHAPE = (4, 8)
IMAGE = (2, 8, 8, 3)
# keras.random draws whose first argument is a shape (the others take a tensor first).
_SHAPE_FIRST = ("normal", "uniform", "truncated_normal", "randint", "gamma", "beta", "binomial")


def run(namespace: dict, facts: dict) -> Verdict:
    op_name, seed = facts.get("op") or "", facts.get("seed")
    arguments = {k: v for k, v in (facts.get("arguments") or {}).items() if v is not None}
    draw, fresh = _draws(op_name, seed, arguments)
    traced = tf.function(draw)
    values = [np.asarray(traced()) for _ in range(CALLS)]
    eager = [np.asarray(draw()) for _ in range(2)]
    spread = max(float(np.max(np.abs(v - values[0]))) for v in values)
    eager_spread = float(np.max(np.abs(eager[1] - eager[0])))
    meant = [np.asarray(fresh(i)) for i in range(CALLS)]
    meant_spread = max(float(np.max(np.abs(v - meant[0]))) for v in meant)
    call = facts.get("call_text") or op_name
    numbers = dict(calls=CALLS, traced_max_difference=spread, eager_max_difference=eager_spread,
                   fresh_seed_max_difference=meant_spread)
    if spread == 0.0:
        return confirmed(f"{CALLS} calls of `{call}` in a tf.function drew identical values "
                         f"(max difference 0; eagerly {fmt(eager_spread)}); with a fresh seed "
                         f"per call they differ by up to {fmt(meant_spread)}", **numbers)
    return refuted(f"{CALLS} traced calls of `{call}` drew different values (max difference "
                   f"{fmt(spread)}): the seed does not fix the draws here", **numbers)


def _draws(op_name: str, seed: Any, arguments: dict) -> tuple[Callable, Callable]:
    """(the draw as written, the draw with a fresh seed for call i)."""
    leaf = op_name.rsplit(".", 1)[-1]
    if op_name.startswith("keras.random."):
        function = getattr(keras.random, leaf, None)
        if function is None or not isinstance(seed, int):
            raise Inconclusive(f"`{op_name}` with seed {seed!r} is not one the experiment draws")
        first = SHAPE if leaf in _SHAPE_FIRST else tf.ones(SHAPE)
        NOTES.append(f"stand-in {'shape' if leaf in _SHAPE_FIRST else 'input'} {SHAPE}")
        generator = keras.random.SeedGenerator(seed)
        return (lambda: function(first, seed=seed, **arguments),
                lambda i: function(first, seed=generator, **arguments))
    if op_name.startswith(("tensorflow.random.stateless_", "tensorflow.image.stateless_random_",
                           "tensorflow.random.experimental.stateless_")):
        module = tf.image if ".image." in op_name else tf.random
        function = getattr(module, leaf, None)
        if function is None or not isinstance(seed, (list, tuple)):
            raise Inconclusive(f"`{op_name}` with seed {seed!r} is not one the experiment draws")
        if ".image." in op_name:
            first: Any = tf.constant(np.random.default_rng(0).random(IMAGE), tf.float32)
            NOTES.append(f"stand-in image batch {IMAGE}")
        else:
            first = SHAPE
            NOTES.append(f"stand-in shape {SHAPE}")
        fixed = tf.constant(list(seed), tf.int64)
        return (lambda: function(first, seed=fixed, **arguments),
                lambda i: function(first, seed=tf.constant([i, 7], tf.int64), **arguments))
    raise Inconclusive(f"`{op_name}` is not a random draw the experiment knows")
