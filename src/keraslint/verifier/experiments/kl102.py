"""KL102 badly scaled initializer: a zero-mean kernel whose spread ignores fan-in scales every
activation by the same large (or tiny) factor: ReLU stacks explode, tanh/sigmoid saturate and
their gradients vanish. Measured against the same model with glorot_uniform kernels on the flagged
layers: activation std, saturated share, dead ReLU units, initial loss, gradient norm."""

from __future__ import annotations

from keraslint.verifier.experiments.initialisation import judge_initialisation
from keraslint.verifier.protocol import Verdict


def run(namespace: dict, facts: dict) -> Verdict:
    return judge_initialisation(namespace, facts)
