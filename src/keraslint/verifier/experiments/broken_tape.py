"""KL402/KL403: the user's step run once on a stand-in batch, and what its `tape.gradient`
returned: None for every variable when the tape never recorded a path from the loss to them
(the forward pass or the loss outside the block, or a NumPy/Python conversion on the way)."""

from __future__ import annotations

from typing import Optional

import tensorflow as tf

from keraslint.verifier.experiments.steps import (
    GradientFailure, first_line, recorded_gradients, step_arguments, step_function,
)
from keraslint.verifier.experiments.verdicts import confirmed, refuted, undecided
from keraslint.verifier.protocol import Verdict


def run_step(namespace: dict, facts: dict, why: str, numpy_error: bool = False) -> Verdict:
    step = step_function(namespace, facts)
    args = step_arguments(namespace, facts)
    error: Optional[BaseException] = None
    with recorded_gradients() as recorded:
        try:
            step(*args)
        except Exception as raised:  # noqa: BLE001 - the user's step may fail after the gradient
            error = raised
    name = facts.get("step_name")
    if not recorded:
        if error is not None and numpy_error and facts.get("traced") and _numpy_failure(error):
            return confirmed(f"`{name}` failed before its gradient: {first_line(error)} — the "
                             "NumPy conversion cannot run on the traced step's symbolic tensors, "
                             "so the tape never reaches the loss", gradient_calls=0)
        reason = f"`{name}` raised {type(error).__name__}: {first_line(error)}" if error \
            else f"`{name}` ran without calling tape.gradient"
        return undecided(f"no gradient was computed: {reason}")
    gradients = recorded[-1]
    if isinstance(gradients, GradientFailure):
        return confirmed(f"`{name}`'s tape.gradient failed on its target, a "
                         f"{gradients.target_type} ({why}): {type(gradients.error).__name__}: "
                         f"{first_line(gradients.error, 120)}", gradient_failed=1.0)
    total = len(gradients)
    missing = sum(1 for g in gradients if g is None)
    zero = sum(1 for g in gradients if g is not None and not bool(tf.reduce_any(g != 0)))
    after = f"; the step then raised {type(error).__name__}: {first_line(error, 120)}" \
        if error is not None else ""
    if missing == total:
        return confirmed(f"`{name}`'s tape.gradient returned None for all {total} variables "
                         f"({why}){after}", variables=total, none_gradients=missing)
    if missing + zero == total:
        return confirmed(f"`{name}`'s tape.gradient returned None or zeros for all {total} "
                         f"variables ({why}){after}", variables=total, none_gradients=missing,
                         zero_gradients=zero)
    if "contributes no gradient" in (facts.get("finding_message") or ""):
        return undecided(f"`{name}`'s tape.gradient returned {total - missing - zero} non-zero "
                         f"gradients of {total}: the loss keeps another path to the variables, "
                         "as the finding says; the converted term's own missing gradient is not "
                         "measured separately", variables=total, none_gradients=missing)
    return refuted(f"`{name}`'s tape.gradient returned {total - missing - zero} non-zero "
                   f"gradients of {total}: the tape did record a path from the loss to the "
                   "variables", variables=total, none_gradients=missing, zero_gradients=zero)


def _numpy_failure(error: BaseException) -> bool:
    """`.numpy()`/`float()`/`np.*` on a symbolic tensor while tracing."""
    text = str(error)
    return "SymbolicTensor" in text or "symbolic tf.Tensor" in text or \
        "eager execution" in text
