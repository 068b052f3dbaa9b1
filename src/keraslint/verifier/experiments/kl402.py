"""KL402 loss outside the tape: the user's step, run once on a stand-in batch, takes
gradients the tape never recorded (see `broken_tape`)."""

from __future__ import annotations

from keraslint.verifier.experiments.broken_tape import run_step
from keraslint.verifier.protocol import Verdict


def run(namespace: dict, facts: dict) -> Verdict:
    return run_step(namespace, facts, "the forward pass or loss ran outside the tape's block")
