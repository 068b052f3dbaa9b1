"""KL808 `tf.Variable` attributes of a Keras 3 layer: the experiment finds the layer the program
builds (inside its model when there is one, built by it) and checks each `tf.Variable` it
holds against the variables Keras tracks: those missing from `trainable_weights` are never
handed to an optimizer by `fit` and are not written by `save_weights`. All missing confirms;
all tracked refutes."""

from __future__ import annotations

import tensorflow as tf

from keraslint.verifier.experiments.classes import (
    call_on_candidates, instance_of, model_input, model_or_none,
)
from keraslint.verifier.experiments.verdicts import Inconclusive, confirmed, refuted
from keraslint.verifier.protocol import Verdict


def run(namespace: dict, facts: dict) -> Verdict:
    layer = instance_of(namespace, facts)
    name = facts.get("class_name", type(layer).__name__)
    _build(namespace, facts, layer)
    found = _tf_variables(layer, facts.get("variables") or [])
    if not found:
        raise Inconclusive(f"the `{name}` instance holds no tf.Variable attribute after building")
    tracked = {id(_backing(v)) for v in layer.weights}
    missing = [attr for attr, v in found if id(v) not in tracked]
    trainable = len(layer.trainable_weights)
    numbers = {"tf_variables": len(found), "untracked": len(missing),
               "trainable_weights": trainable}
    if not missing:
        return refuted(f"every tf.Variable of `{name}` ({len(found)}) is among its tracked "
                       "weights", **numbers)
    return confirmed(f"`{name}` holds {len(found)} tf.Variable(s) ({', '.join(missing)}) that "
                     f"are not among its {len(layer.weights)} tracked weights "
                     f"({trainable} trainable): fit never updates them and save_weights never "
                     "stores them", **numbers)


def _build(namespace: dict, facts: dict, layer) -> None:
    if getattr(layer, "built", False):
        return
    model = model_or_none(namespace)
    x = model_input(facts, model) if model is not None else None
    if x is not None:
        model(x)
    else:
        call_on_candidates(layer)


def _tf_variables(layer, attributes: list) -> list:
    found = []
    for attr in attributes:
        value = getattr(layer, attr, None)
        values = value if isinstance(value, (list, tuple)) else \
            list(value.values()) if isinstance(value, dict) else [value]
        found += [(attr, v) for v in values if isinstance(v, tf.Variable)]
    return found


def _backing(variable):
    """The tf.Variable behind a Keras 3 variable (its `value` on the TensorFlow backend)."""
    inner = getattr(variable, "value", variable)
    return inner if isinstance(inner, tf.Variable) else variable
