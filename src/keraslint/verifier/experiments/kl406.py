"""KL406 variable in tf.function: the user's traced function called once on stand-in
arguments. TensorFlow traces a function that creates variables twice on its first call; an
unconditional `tf.Variable(...)` is then created again and the call raises
`ValueError: tf.function only supports singleton tf.Variables created on the first call`."""

from __future__ import annotations

import tensorflow as tf

from keraslint.verifier.experiments.steps import first_line, step_arguments, step_function
from keraslint.verifier.experiments.verdicts import NOTES, confirmed, refuted, undecided
from keraslint.verifier.protocol import SLOT_MODEL, Verdict

SINGLETON = "singleton"


def run(namespace: dict, facts: dict) -> Verdict:
    function = step_function(namespace, facts)
    name = facts.get("step_name")
    if not facts.get("traced"):
        function = tf.function(function)  # a Keras train_step: traced as Keras traces it
        NOTES.append("traced with tf.function as Keras traces train_step")
    args = _arguments(namespace, facts)
    try:
        function(*args)
    except ValueError as error:
        if SINGLETON in str(error):
            return confirmed(f"the first call of `{name}` raised ValueError: "
                             f"{first_line(error, 160)}", raised=1.0)
        return undecided(f"`{name}` raised another ValueError first: {first_line(error)}")
    except Exception as error:  # noqa: BLE001
        return undecided(f"`{name}` raised {type(error).__name__} first: {first_line(error)}")
    try:
        function(*args)
    except ValueError as error:
        if SINGLETON in str(error):
            return confirmed(f"the second call of `{name}` raised ValueError: "
                             f"{first_line(error, 160)}", raised=1.0)
        raise
    return refuted(f"`{name}` ran twice without error: TensorFlow accepted the variable's "
                   "creation here", raised=0.0)


def _arguments(namespace: dict, facts: dict) -> list:
    params = [p for p in facts.get("step_params") or [] if not p.get("has_default")]
    if not params:
        return []
    if namespace.get(SLOT_MODEL) is not None:
        try:
            return step_arguments(namespace, facts)
        except Exception:  # noqa: BLE001 - fall back to plain tensors
            pass
    NOTES.append("stand-in arguments: a zero tensor per parameter (the error comes from the "
                 "variable's creation, not from the data)")
    return [tf.zeros((2, 4)) for _ in params]
