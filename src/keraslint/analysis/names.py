"""Canonical names: one spelling for every way a Keras or TensorFlow object can be reached.

`tf.keras.layers.Dense`, `tensorflow.keras.layers.Dense`, `keras.layers.core.Dense`,
`tf_keras.layers.Dense` and `keras.src.layers.Dense` all become `keras.layers.Dense`, so a
rule names what it looks for once. Which flavour the code used (Keras 3 or legacy `tf_keras`)
stays available through `keras_flavor` for rules that care.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

# Longest prefixes first: the first match wins.
_PREFIXES = (
    ("tensorflow.compat.v1.keras.", "keras."),
    ("tensorflow.compat.v2.keras.", "keras."),
    ("tensorflow.python.keras.", "keras."),
    ("tensorflow.keras.", "keras."),
    ("keras._tf_keras.keras.", "keras."),
    ("tf_keras.src.", "keras."),
    ("tf_keras.", "keras."),
    ("keras.src.", "keras."),
    ("keras.api._v2.keras.", "keras."),
    ("keras.api.", "keras."),
    # TF 2 re-exports of Keras packages at the top level.
    ("tensorflow.compat.v2.", "tensorflow."),
    ("tensorflow.initializers.", "keras.initializers."),
    ("tensorflow.losses.", "keras.losses."),
    ("tensorflow.optimizers.", "keras.optimizers."),
    ("tensorflow.metrics.", "keras.metrics."),
    ("tensorflow.activations.", "keras.activations."),
)
_WHOLE = {
    "tensorflow.keras": "keras",
    "tf_keras": "keras",
    "tensorflow.python.keras": "keras",
    "tensorflow.compat.v1.keras": "keras",
    "tensorflow.compat.v2.keras": "keras",
}
# Keras packages whose public objects are also reachable through private submodules
# (`keras.layers.core.dense.Dense`): the canonical name keeps only package and leaf.
_FLAT_PACKAGES = frozenset(
    {"layers", "initializers", "losses", "activations", "optimizers", "metrics", "models", "utils",
     "callbacks", "regularizers", "constraints"}
)
_ALIASES = {
    "keras.models.Model": "keras.Model",
    "keras.models.Sequential": "keras.Sequential",
    "keras.engine.training.Model": "keras.Model",
    "keras.engine.sequential.Sequential": "keras.Sequential",
    "keras.engine.functional.Functional": "keras.Model",
    "keras.engine.input_layer.Input": "keras.Input",
    "keras.layers.Input": "keras.Input",
    "keras.engine.base_layer.Layer": "keras.layers.Layer",
    "keras.Layer": "keras.layers.Layer",
    "keras.utils.np_utils.to_categorical": "keras.utils.to_categorical",
}


@lru_cache(maxsize=4096)
def canonical(dotted: str) -> str:
    """The canonical spelling of a fully qualified dotted name."""
    if dotted in _WHOLE:
        return _WHOLE[dotted]
    for prefix, replacement in _PREFIXES:
        if dotted.startswith(prefix):
            dotted = replacement + dotted[len(prefix):]
            break
    parts = dotted.split(".")
    if len(parts) > 3 and parts[0] == "keras" and parts[1] in _FLAT_PACKAGES:
        dotted = ".".join((parts[0], parts[1], parts[-1]))
    return _ALIASES.get(dotted, dotted)


def keras_flavor(dotted: str) -> Optional[str]:
    """`"tf_keras"` for legacy Keras 2 spellings, `"keras"` for Keras 3, None otherwise."""
    if dotted == "tf_keras" or dotted.startswith("tf_keras."):
        return "tf_keras"
    if dotted.startswith(("tensorflow.python.keras", "tensorflow.compat.v1.keras")):
        return "tf_keras"
    if canonical(dotted).split(".", 1)[0] == "keras":
        return "keras"
    return None


def leaf(dotted: Optional[str]) -> Optional[str]:
    return None if dotted is None else dotted.rsplit(".", 1)[-1]
