"""KL101 off-center initializer: a kernel mean far from zero makes every unit compute nearly the
same large number (`mean * sum(x)`), so the layer's output collapses onto one direction and its
scale explodes. Measured against the same model with glorot_uniform kernels on the flagged layers:
activation std, top principal component share, dead ReLU units, initial loss, gradient norm."""

from __future__ import annotations

from keraslint.verifier.experiments.initialisation import judge_initialisation
from keraslint.verifier.protocol import Verdict


def run(namespace: dict, facts: dict) -> Verdict:
    return judge_initialisation(namespace, facts)
