"""KL301 NumPy arrays fed to fit/evaluate/predict whose size is large: every array stays resident
for the whole call (Keras' adapter slices batches out of them). The experiment computes the exact
bytes from the static shapes and dtypes (or os.stat of an `np.load`ed file), feeds a scaled-down
copy (~32 MB) through Keras' array adapter, measures resident memory and extrapolates linearly.
No speed claim: NumPy-fed and tf.data-fed fit ran within 1.4x per step on TF 2.21. An `np.load`ed
file that is not available here (the usual case), or whose path is only known at run time, is
replaced by a synthetic one (`loading.py`)."""

from __future__ import annotations

from keraslint.verifier.experiments import loading
from keraslint.verifier.experiments.memory import judge_memory
from keraslint.verifier.protocol import Verdict


def run(namespace: dict, facts: dict) -> Verdict:
    call = facts.get("call") or "fit"
    call = call if call != "from_tensor_slices" else "fit"
    if loading.whole_load(facts):
        return loading.demonstrate(facts, call)
    return judge_memory(namespace, facts, call)
