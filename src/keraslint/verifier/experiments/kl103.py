"""KL103 symmetric initializer: units that start with identical kernels compute the same output
and, when nothing downstream tells them apart, receive the same gradient forever. The experiment
trains the model as written for a few SGD steps and counts the units whose kernel column is still
identical to the others. A randomly initialised layer downstream (or the output layer's per-class
gradients) breaks the symmetry: then the units diverge and the finding is refuted."""

from __future__ import annotations

from typing import Any

import numpy as np

from keraslint.verifier.experiments.forward import kernel_of
from keraslint.verifier.experiments.namespace import model_of
from keraslint.verifier.experiments.reinit import flagged_layers
from keraslint.verifier.experiments.training import sgd_steps, training_batch
from keraslint.verifier.experiments.verdicts import Inconclusive, confirmed, fmt, percent, refuted
from keraslint.verifier.protocol import Verdict

STEPS = 5
RATE = 0.01  # keras.optimizers.SGD's default learning rate
TOLERANCE = 0.01  # a column within 1 % of the kernel's largest weight of the mean column
IDENTICAL_FAR = 0.9  # confirmed when more than 90 % of the units are still identical


def run(namespace: dict, facts: dict) -> Verdict:
    model = model_of(namespace)
    layers = flagged_layers(namespace, model)
    if not layers:
        raise Inconclusive("the slice did not produce the flagged layer")
    layer = layers[0]
    x, y, loss, out = training_batch(namespace, facts, model)  # builds an unbuilt model first
    kernel = kernel_of(layer)
    units = int(kernel.shape[-1])
    if units < 2:
        return refuted(f"layer {layer.name!r} has a single unit: nothing to be symmetric with",
                       units=units)
    before = identical_share(kernel.numpy())
    sgd_steps(model, loss, x, y, STEPS, RATE, probe=out)
    after = kernel.numpy()
    share, rank_ratio = identical_share(after), second_singular_ratio(after)
    numbers = dict(units=units, identical_share_initial=before, identical_share=share,
                   second_singular_ratio=rank_ratio, steps=STEPS)
    text = (f"layer {layer.name!r} ({units} units): {percent(before)} of the kernel columns "
            f"identical at initialisation, {percent(share)} still identical (within "
            f"{percent(TOLERANCE)} of the largest weight) after {STEPS} SGD steps at rate {RATE}; "
            f"second singular value {fmt(rank_ratio)} of the first")
    if share > IDENTICAL_FAR:
        still = "all zero, with no gradient" if not np.any(after) else "effectively rank one"
        return confirmed(text + f": the units stay copies of each other ({still})", **numbers)
    cause = ("they never started identical" if before <= IDENTICAL_FAR else
             "the randomly initialised weights downstream give each unit its own gradient")
    return refuted(text + f": the units diverge, {cause}", **numbers)


def identical_share(kernel: Any) -> float:
    columns = np.asarray(kernel, dtype="float64").reshape(-1, kernel.shape[-1])
    scale = float(np.max(np.abs(columns)))
    if scale == 0:
        return 1.0
    spread = np.max(np.abs(columns - columns.mean(axis=1, keepdims=True)), axis=0)
    return float(np.mean(spread <= TOLERANCE * scale))


def second_singular_ratio(kernel: Any) -> float:
    """0 for a rank-one kernel (all units the same direction), near 1 for independent units."""
    columns = np.asarray(kernel, dtype="float64").reshape(-1, kernel.shape[-1])
    singular = np.linalg.svd(columns, compute_uv=False)
    return float(singular[1] / singular[0]) if len(singular) > 1 and singular[0] > 0 else 0.0
