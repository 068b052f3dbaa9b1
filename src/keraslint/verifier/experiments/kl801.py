"""KL801 a `.trainable` change that a later `fit` ignores. The experiment replays the finding's
sequence on a stand-in batch with the program's model and loss: the object starts in the state
the change flips, the model is compiled, fitted once (the fit that traces Keras 3's train step),
the change is made, and the model is fitted again without compiling. The changed object's
weights are compared across that second fit: a frozen object that still moves, or an unfrozen
one that stays put, confirms; the change taking effect refutes. A finding about tf_keras cannot
be replayed under Keras 3 (inconclusive), nor one whose change reaches only some layers in a
loop (the replay changes the whole object: a stand-in for the premise)."""

from __future__ import annotations

import keras
import numpy as np

from keraslint.verifier.experiments.namespace import model_of
from keraslint.verifier.experiments.training import training_batch
from keraslint.verifier.experiments.verdicts import Inconclusive, confirmed, refuted, undecided
from keraslint.verifier.protocol import SLOT_LAYER, Verdict


def run(namespace: dict, facts: dict) -> Verdict:
    if facts.get("flavour") != "keras3":
        raise Inconclusive("the finding is about tf_keras, which restores compile's trainable "
                           "state in every fit; this verifier runs Keras 3, which does not")
    model = model_of(namespace)
    changed = namespace.get(SLOT_LAYER) or model
    value = bool(facts.get("trainable_value"))
    x, y, loss, _ = training_batch(namespace, facts, model)
    changed.trainable = not value
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss=loss)
    model.fit(x, y, epochs=1, batch_size=len(x), verbose=0)
    changed.trainable = value
    moved = _moved(changed, lambda: model.fit(x, y, epochs=1, batch_size=len(x), verbose=0))
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss=loss)
    moved_after_recompile = _moved(
        changed, lambda: model.fit(x, y, epochs=1, batch_size=len(x), verbose=0))
    name = facts.get("changed", "the changed object")
    numbers = {"max_weight_change": moved, "max_weight_change_after_recompile":
               moved_after_recompile}
    ignored = (moved > 0) != value
    text = (f"after `{name}.trainable = {value}` the next fit {_effect(moved)}; after compiling "
            f"again a fit {_effect(moved_after_recompile)}")
    if facts.get("through_layers"):
        return undecided(text + "; the program changes only some of its layers in a loop, the "
                         "replay changed the whole object", **numbers)
    if ignored:
        return confirmed(text + ": the change had no effect until the model was compiled again",
                         **numbers)
    return refuted(text + ": the change took effect without compiling again", **numbers)


def _effect(moved: float) -> str:
    return f"moved its weights by up to {moved:.2g}" if moved else "left its weights unchanged"


def _moved(changed, fit) -> float:
    weights = [w for w in getattr(changed, "weights", [])]
    if not weights:
        raise Inconclusive("the changed object has no weights to compare")
    before = [np.array(w.numpy()) for w in weights]
    fit()
    return max(float(np.max(np.abs(np.array(w.numpy()) - b))) if b.size else 0.0
               for w, b in zip(weights, before))
