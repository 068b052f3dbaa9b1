"""KL306 raw image pixels (0-255) reaching a model's first learned layer unscaled. The experiment
runs the sliced model on the images the program feeds (a bundled data set's stub keeps their
0-255 uint8 pixels) as fed and divided by 255, and records what the first layer with a kernel
receives and outputs: the input range, the output's standard deviation, and the share of
saturated (sigmoid/tanh) or dead (ReLU) units. When the slice cannot compute the program's
own images (a directory or file source), stand-in pixels in 0-255 show the mechanism and the
verdict is inconclusive: the pixels' range is then the static finding's claim, not measured.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from keraslint.verifier.experiments.forward import _all_layers, predict
from keraslint.verifier.experiments.namespace import model_of
from keraslint.verifier.experiments.verdicts import (
    Inconclusive,
    confirmed,
    fmt,
    percent,
    refuted,
    undecided,
)
from keraslint.verifier.protocol import SLOT_X, Verdict

ROWS = 16


def run(namespace: dict, facts: dict) -> Verdict:
    model = model_of(namespace)
    given = namespace.get(SLOT_X)
    own = given is not None
    x = np.asarray(given)[:ROWS] if own else _stand_in(model, facts)
    layer = _first_learned(model)
    seen_fed, out_fed = _through(model, layer, x.astype("float32"))
    seen_scaled, out_scaled = _through(model, layer, x.astype("float32") / 255.0)
    ratio = float(np.std(out_fed) / max(np.std(out_scaled), 1e-12))
    stuck_fed, stuck_scaled, what = _stuck(layer, out_fed, out_scaled)
    numbers = dict(input_max_as_fed=float(np.max(seen_fed)), input_max_scaled=float(
        np.max(seen_scaled)), output_std_as_fed=float(np.std(out_fed)),
        output_std_scaled=float(np.std(out_scaled)), std_ratio=ratio,
        stuck_units_as_fed=stuck_fed, stuck_units_scaled=stuck_scaled)
    text = (f"layer {layer.name!r} receives inputs up to {fmt(numbers['input_max_as_fed'])} as "
            f"fed ({fmt(numbers['input_max_scaled'])} when divided by 255); its output's standard "
            f"deviation is {fmt(numbers['output_std_as_fed'])} against "
            f"{fmt(numbers['output_std_scaled'])} ({fmt(ratio)}x)")
    if what:
        text += f", {what} {percent(stuck_fed)} of its outputs against {percent(stuck_scaled)}"
    source = ("on the program's own images" if own else
              "on stand-in pixels in 0-255 (the program's images come from files the slice "
              "does not read), so the range they have is the static finding's claim")
    text = f"{source}: {text}"
    if own and numbers["input_max_as_fed"] <= 1.5:
        return refuted(text + ": the images reach it already scaled", **numbers)
    if not own:
        return undecided(text, **numbers)
    if ratio >= 10 or stuck_fed - stuck_scaled >= 0.25:
        return confirmed(text, **numbers)
    return undecided(text, **numbers)


def _stand_in(model: Any, facts: dict) -> np.ndarray:
    shape = facts.get("input_shape")
    if not shape:
        inputs = getattr(model, "inputs", None)
        if not inputs or any(d is None for d in tuple(inputs[0].shape[1:])):
            raise Inconclusive("neither the program's images nor the model's input shape are "
                               "known to the slice")
        shape = tuple(inputs[0].shape[1:])
    rng = np.random.default_rng(0)
    return rng.integers(0, 256, size=(ROWS, *shape)).astype("uint8")


def _first_learned(model: Any) -> Any:
    for layer in _all_layers(model):
        if getattr(layer, "kernel", None) is not None:
            return layer
    raise Inconclusive("the model has no layer with a kernel")


def _through(model: Any, layer: Any, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """What `layer` receives and returns when the model runs on `x`."""
    seen: dict[str, Any] = {}
    original = layer.call

    def call(inputs, *args, **kwargs):
        seen["in"] = inputs
        seen["out"] = original(inputs, *args, **kwargs)
        return seen["out"]

    layer.call = call
    try:
        predict(model, x, training=False)
    finally:
        layer.__dict__.pop("call", None)
    if "out" not in seen:
        raise Inconclusive(f"layer {layer.name!r} did not run in the model's forward pass")
    return np.asarray(seen["in"]), np.asarray(seen["out"])


def _stuck(layer: Any, fed: np.ndarray, scaled: np.ndarray) -> tuple[float, float, str]:
    """Share of saturated sigmoid/tanh outputs or dead ReLU outputs."""
    activation = getattr(getattr(layer, "activation", None), "__name__", "")
    if activation == "sigmoid":
        test, what = (lambda a: np.mean((a < 0.01) | (a > 0.99))), "saturated"
    elif activation == "tanh":
        test, what = (lambda a: np.mean(np.abs(a) > 0.99)), "saturated"
    elif activation == "relu":
        test, what = (lambda a: np.mean(a <= 0)), "zero (ReLU)"
    else:
        return 0.0, 0.0, ""
    return float(test(fed)), float(test(scaled)), what
