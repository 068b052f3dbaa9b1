"""KL405 optimizer in loop: the user's optimizer expression (`slicing/loops.py` binds it as a
factory) applied for a few steps to the model it trains, on a stand-in batch, twice from the
same weights: re-created before every step as the loop does, and created once. The step
count and the optimizer's state after the steps, and the size of each update, show whether
the state restarts."""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from keraslint.verifier.experiments.data import inputs
from keraslint.verifier.experiments.namespace import model_of
from keraslint.verifier.experiments.steps import first_line
from keraslint.verifier.experiments.verdicts import Inconclusive, NOTES, confirmed, fmt, refuted
from keraslint.verifier.protocol import SLOT_OPTIMIZER_FACTORY, Verdict

STEPS = 5


def run(namespace: dict, facts: dict) -> Verdict:
    factory = namespace.get(SLOT_OPTIMIZER_FACTORY)
    if not callable(factory):
        raise Inconclusive("the slice did not bind the optimizer's construction")
    model = model_of(namespace)
    x = inputs(namespace, facts, model, 16)
    NOTES.append("stand-in batch and a mean-squared objective on the model's output (the "
                 "optimizer's state does not depend on the loss)")
    start = [np.array(v.numpy()) for v in model.trainable_variables]
    try:
        written = _train(model, x, factory, fresh=True)
        _restore(model, start)
        once = _train(model, x, factory, fresh=False)
    except Exception as error:  # noqa: BLE001
        raise Inconclusive(f"the optimizer `{facts.get('optimizer')}` could not be applied: "
                           f"{type(error).__name__}: {first_line(error)}") from error
    _restore(model, start)
    name = facts.get("optimizer") or "the optimizer"
    state = once["state_variables"]
    numbers = dict(steps=STEPS, iterations_as_written=written["iterations"],
                   iterations_created_once=once["iterations"], state_variables=state,
                   last_update_as_written=written["updates"][-1],
                   last_update_created_once=once["updates"][-1])
    updates = (f"update sizes per step {_sizes(written['updates'])} as written vs "
               f"{_sizes(once['updates'])} created once")
    if state == 0:
        return refuted(f"`{name}` keeps no state besides its step count: re-creating it "
                       f"changes no update ({updates})", **numbers)
    return confirmed(f"re-created before each of {STEPS} steps, `{name}` ends at step "
                     f"{written['iterations']} with its {state} state variables just "
                     f"initialized, vs step {once['iterations']} when created once; "
                     f"{updates}", **numbers)


def _train(model, x, factory, fresh: bool) -> dict:
    optimizer = None if fresh else factory()
    updates = []
    for _ in range(STEPS):
        if fresh:
            optimizer = factory()
        before = [np.array(v.numpy()) for v in model.trainable_variables]
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.cast(model(x, training=True), tf.float32)))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        after = [np.array(v.numpy()) for v in model.trainable_variables]
        updates.append(float(np.sqrt(sum(np.sum((a - b) ** 2) for a, b in zip(after, before)))))
    slots = [v for v in optimizer.variables
             if not any(key in v.path for key in ("iteration", "learning_rate"))]
    return {"iterations": int(optimizer.iterations.numpy()), "updates": updates,
            "state_variables": len(slots)}


def _restore(model, values) -> None:
    for variable, value in zip(model.trainable_variables, values):
        variable.assign(value)


def _sizes(values: list[float]) -> str:
    return "[" + ", ".join(fmt(v) for v in values) + "]"
