"""Which external base classes make a class a custom Keras (or TensorFlow) class, and of what kind.

A class counts when one of its bases, directly or through local intermediate classes, is a
Keras layer or model base in any spelling (`keras.layers.Layer`, `tf.keras.Model`,
`tf_keras.layers.Layer`, `keras.Layer`, ...) or `tf.Module`. The kind decides what Keras does
with it: a LAYER or MODEL is tracked, built and serialized by Keras; a MODULE is only tracked
by TensorFlow. A base that is a built-in *concrete* Keras layer (`keras.layers.Dense`) brings
its own `get_config`, `call` and attribute conventions, so the rules that reason about those
ask `pure_base` first.
"""

from __future__ import annotations

LAYER, MODEL, MODULE = "layer", "model", "module"

# Bases whose only behaviour is Keras's own machinery: subclasses write `call` and `get_config`.
PURE_LAYER_BASES = frozenset({"keras.layers.Layer"})
PURE_MODEL_BASES = frozenset({"keras.Model"})
# Bases with a protocol of their own: they read attributes by name (`Wrapper.layer`), define
# `get_config`, or run a `call` the subclass does not see.
PROTOCOL_LAYER_BASES = frozenset({
    "keras.layers.Wrapper", "keras.layers.AbstractRNNCell", "keras.layers.RNN",
    "keras.layers.DropoutRNNCell",
})
SEQUENTIAL_BASES = frozenset({"keras.Sequential"})
MODULE_BASES = frozenset({"tensorflow.Module", "tensorflow.compat.v1.Module",
                          "tensorflow.compat.v2.Module"})
# Keras classes that are layers in Keras' object model but not layers a user builds models of.
_NOT_LAYERS = ("keras.metrics.", "keras.losses.", "keras.optimizers.", "keras.callbacks.",
               "keras.initializers.", "keras.regularizers.", "keras.constraints.")


def kind_of(bases: frozenset[str]) -> str | None:
    """LAYER, MODEL, MODULE or None for a class whose canonical bases (local ones followed) are
    `bases`."""
    if bases & (PURE_MODEL_BASES | SEQUENTIAL_BASES):
        return MODEL
    if any(_is_layer_base(b) for b in bases):
        return LAYER
    if bases & MODULE_BASES:
        return MODULE
    return None


def _is_layer_base(name: str) -> bool:
    if name in PURE_LAYER_BASES or name in PROTOCOL_LAYER_BASES:
        return True
    parts = name.split(".")
    return (len(parts) == 3 and parts[:2] == ["keras", "layers"] and parts[2][:1].isupper()
            and not name.startswith(_NOT_LAYERS))


def is_pure(bases: frozenset[str]) -> bool:
    """Every external base is `keras.layers.Layer` or `keras.Model` (nothing with a protocol or
    a `get_config` of its own)."""
    return bool(bases) and bases <= (PURE_LAYER_BASES | PURE_MODEL_BASES)
