"""KL302 `from_tensor_slices` on a large in-memory array: eagerly the arrays are copied into
TensorFlow tensors (resident twice while the NumPy originals live); inside a tf.function or a TF1
graph they become graph constants, limited to 2 GB by protobuf. The experiment computes the exact
bytes, runs from_tensor_slices on a scaled-down copy (~32 MB), measures resident memory and
extrapolates linearly. An `np.load`ed file that is not available here (the usual case), or whose
path is only known at run time, is replaced by a synthetic one (`loading.py`)."""

from __future__ import annotations

from keraslint.verifier.experiments import loading
from keraslint.verifier.experiments.memory import judge_memory
from keraslint.verifier.protocol import Verdict


def run(namespace: dict, facts: dict) -> Verdict:
    if loading.whole_load(facts):
        return loading.demonstrate(facts, "from_tensor_slices")
    return judge_memory(namespace, facts, "from_tensor_slices")
