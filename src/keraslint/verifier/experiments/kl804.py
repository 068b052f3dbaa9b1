"""KL804 missing `get_config` where Keras cannot infer it: the experiment saves the model the
program saves (to a `.keras` file in a temporary directory, as `model.save` does) and reports
what happens. NotImplementedError from the class's `get_config` confirms; a save that works and
loads back refutes."""

from __future__ import annotations

import os
import tempfile

import keras

from keraslint.verifier.experiments.classes import one_line
from keraslint.verifier.experiments.namespace import model_of
from keraslint.verifier.experiments.verdicts import confirmed, refuted, undecided
from keraslint.verifier.protocol import SLOT_LAYER, Verdict


def run(namespace: dict, facts: dict) -> Verdict:
    model = model_of(namespace)
    name = facts.get("class_name", "the class")
    path = os.path.join(tempfile.mkdtemp(), "model.keras")
    try:
        model.save(path)
    except NotImplementedError as error:
        return confirmed(f"model.save(...) raised NotImplementedError: {one_line(error)}",
                         saved=0.0)
    except Exception as error:  # noqa: BLE001
        return undecided(f"model.save(...) failed for another reason: "
                         f"{type(error).__name__}: {one_line(error)}")
    layer = namespace.get(SLOT_LAYER)
    custom = {name: type(layer)} if layer is not None else {}
    try:
        keras.models.load_model(path, custom_objects=custom, compile=False)
    except Exception as error:  # noqa: BLE001 - saved, but the config does not rebuild it
        return confirmed(f"model.save(...) worked but loading it back raised "
                         f"{type(error).__name__}: {one_line(error)}", saved=1.0, loaded=0.0)
    return refuted(f"the model saved to .keras and loaded back with `{name}`: Keras inferred "
                   "its config", saved=1.0, loaded=1.0)
