"""KL403 tape broken by NumPy: the user's step, run once on a stand-in batch, converts the
forward pass to NumPy/Python on the way to the loss (see `broken_tape`)."""

from __future__ import annotations

from keraslint.verifier.experiments.broken_tape import run_step
from keraslint.verifier.protocol import Verdict


def run(namespace: dict, facts: dict) -> Verdict:
    return run_step(namespace, facts, "the loss was computed through NumPy/Python values",
                    numpy_error=True)
