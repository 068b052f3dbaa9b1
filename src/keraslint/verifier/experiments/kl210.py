"""KL210 bounded output on regression targets: a sigmoid/softmax output lies in (0, 1), tanh in
(-1, 1); targets outside cannot be reached. The experiment runs the model, takes the targets the
slice computes (or, when it cannot, the range the code fixes for them), and compares the best
loss any output within the bound could reach (every prediction clipped to the bound) with the
loss of predicting the targets' mean: a bound that costs more than a constant guess, or leaves a
share of the targets unreachable, confirms the finding."""

from __future__ import annotations

from typing import Any

import numpy as np

from keraslint.verifier.experiments.data import inputs, rng
from keraslint.verifier.experiments.forward import predict
from keraslint.verifier.experiments.namespace import model_of
from keraslint.verifier.experiments.verdicts import NOTES, Inconclusive, confirmed, fmt, refuted
from keraslint.verifier.protocol import SLOT_Y, Verdict

BOUNDS = {"sigmoid": (0.0, 1.0), "softmax": (0.0, 1.0), "hard_sigmoid": (0.0, 1.0),
          "tanh": (-1.0, 1.0), "softsign": (-1.0, 1.0)}
UNREACHABLE = 0.05  # share of targets beyond the bound that counts


def run(namespace: dict, facts: dict) -> Verdict:
    model = model_of(namespace)
    activation = facts.get("output_activation")
    bound = BOUNDS.get(activation or "")
    if bound is None:
        raise Inconclusive(f"the output activation {activation!r} is not a bounded one")
    x = inputs(namespace, facts, model)
    out = predict(model, x, training=False)
    y = _targets(namespace, facts, len(out))
    low, high = bound
    reachable = np.clip(y, low, high)
    floor = float(np.mean((y - reachable) ** 2))
    constant = float(np.var(y))
    beyond = float(np.mean((y < low) | (y > high)))
    numbers: dict[str, Any] = {
        "output_min": float(np.min(out)), "output_max": float(np.max(out)),
        "target_min": float(np.min(y)), "target_max": float(np.max(y)),
        "unreachable_share": beyond, "best_mse_within_bound": floor,
        "mse_of_mean_prediction": constant}
    if beyond < UNREACHABLE:
        return refuted(f"{beyond:.0%} of the targets lie outside {activation}'s range "
                       f"({fmt(low)}, {fmt(high)})", **numbers)
    return confirmed(
        f"the model's outputs lie in [{fmt(numbers['output_min'])}, "
        f"{fmt(numbers['output_max'])}] ({activation}: never outside ({fmt(low)}, {fmt(high)})), "
        f"the targets in [{fmt(numbers['target_min'])}, {fmt(numbers['target_max'])}]: "
        f"{beyond:.0%} of them are unreachable, and even a perfect model within the bound has "
        f"a mean squared error of {fmt(floor)} (predicting the targets' mean: {fmt(constant)})",
        **numbers)


def _targets(namespace: dict, facts: dict, n: int) -> np.ndarray:
    given = namespace.get(SLOT_Y)
    if given is not None:
        return np.asarray(given, dtype="float64")[:n].reshape(-1)
    low, high = facts.get("target_low"), facts.get("target_high")
    if not isinstance(low, (int, float)) or not isinstance(high, (int, float)) \
            or not np.isfinite([low, high]).all():
        raise Inconclusive("the slice did not compute the targets and their range is unknown")
    NOTES.append(f"targets drawn uniformly from [{fmt(low)}, {fmt(high)}], the range the code "
                 "gives them (the slice could not compute the real ones)")
    return rng(2).uniform(low, high, size=n)
