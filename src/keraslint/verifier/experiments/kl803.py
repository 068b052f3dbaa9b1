"""KL803 missing `super().__init__()`: Keras refuses to call (or build) a layer whose base
constructor never ran. When the slice itself already raised that error (building the model that
contains the layer), the child confirms from it; otherwise the experiment calls the instance
the program created on a small input: the RuntimeError confirms, a successful call refutes."""

from __future__ import annotations

import re

from keraslint.verifier.experiments.classes import call_on_candidates, instance_of, one_line
from keraslint.verifier.experiments.verdicts import confirmed, refuted, undecided
from keraslint.verifier.protocol import Verdict

_CLAIM = re.compile(r"super\(\)\.__init__")


def run(namespace: dict, facts: dict) -> Verdict:
    layer = instance_of(namespace, facts)
    name = facts.get("class_name", type(layer).__name__)
    shape, error, _ = call_on_candidates(layer)
    if error is None:
        return refuted(f"calling the `{name}` instance on a batch of shape {shape} worked: its "
                       "base constructor ran after all", raised=0.0)
    text = f"{type(error).__name__}: {one_line(error)}"
    if isinstance(error, RuntimeError) and _CLAIM.search(str(error)):
        return confirmed(f"calling the `{name}` instance the program creates raised {text}",
                         raised=1.0)
    return undecided(f"calling the `{name}` instance failed for another reason ({text})")
