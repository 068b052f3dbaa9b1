"""KL802 weights created in the forward pass. Keras 3 rejects `add_weight` after the layer is
built ("You cannot add new elements of state"), and TensorFlow rejects a variable created on
every call of a `tf.function`; when the slice raised that while building the model, the child
confirms from it. Otherwise the experiment calls the instance twice eagerly on the same input:
a call that raises the state error confirms; two different outputs (a new random variable each
time) confirm with the numbers; equal outputs refute."""

from __future__ import annotations

import re

import numpy as np

from keraslint.verifier.experiments.classes import call_on_candidates, instance_of, one_line
from keraslint.verifier.experiments.verdicts import confirmed, fmt, refuted, undecided
from keraslint.verifier.protocol import Verdict

_STATE_ERRORS = re.compile(r"new elements of state|lifted out of|singleton")


def run(namespace: dict, facts: dict) -> Verdict:
    layer = instance_of(namespace, facts)
    name = facts.get("class_name", type(layer).__name__)
    shape, error, first = call_on_candidates(layer)
    if error is not None:
        text = f"{type(error).__name__}: {one_line(error)}"
        if _STATE_ERRORS.search(str(error)):
            return confirmed(f"calling the `{name}` instance raised {text}", raised=1.0)
        return undecided(f"calling the `{name}` instance failed for another reason ({text})")
    x = np.random.rand(*shape).astype("float32")
    try:
        a, b = np.asarray(layer(x)), np.asarray(layer(x))
    except Exception as error:  # noqa: BLE001 - a second call may be what fails
        text = f"{type(error).__name__}: {one_line(error)}"
        if _STATE_ERRORS.search(str(error)):
            return confirmed(f"a second call of the `{name}` instance raised {text}", raised=1.0)
        return undecided(f"a second call of the `{name}` instance failed ({text})")
    difference = float(np.max(np.abs(a - b))) if a.shape == b.shape else float("inf")
    tracked = len(getattr(layer, "weights", getattr(layer, "variables", ())))
    if difference > 1e-6:
        return confirmed(f"two calls of the `{name}` instance on the same batch of shape {shape} "
                         f"differ by up to {fmt(difference)}: each call starts from a freshly "
                         f"created variable, so nothing it learns persists ({tracked} variables "
                         "tracked by the layer)", max_abs_difference=difference,
                         tracked_variables=tracked)
    return refuted(f"two calls of the `{name}` instance on the same batch of shape {shape} "
                   "give the same output: the variable created in the call does not change "
                   "what the layer computes here", max_abs_difference=difference)
