from keraslint.analysis.layers import ACTIVATION, UNITS, over_last_axis
from keraslint.analysis.models import node_text
from keraslint.rules.base import Invalid, Rule, Valid

# Activations that change nothing, or whose name the code does not fix.
_NOT_AN_ACTIVATION = {None, "linear"}


class StackedActivations(Rule):
    """
    ## What it does
    Checks for two activations applied in a row to one tensor: a layer with its own
    non-linear `activation=` (or an activation layer or op) whose output goes straight into
    an `Activation(...)` layer, an activation layer (`ReLU()`, `LeakyReLU()`, `Softmax()`...)
    or an activation op (`tf.nn.relu`, `keras.activations.softmax`).

    A softmax over another axis than the last (attention weights over time steps) is not an
    activation of the features and is not reported; neither is anything with a layer in
    between (`relu` -> `BatchNormalization` -> `relu` is fine).

    ## Why is this bad?
    The second activation works on the output of the first: `relu` after `relu` does nothing
    (a dead layer of code that suggests the author meant something else), `LeakyReLU` after
    `relu` never sees a negative value, `sigmoid` after `relu` squeezes every output into
    [0.5, 1), and softmax after softmax flattens the probabilities towards uniform (no class
    above e / (n - 1 + e)). Usually one of the two was meant to be removed, or the layer was
    meant to be linear.

    ## Example
    ```python
    from keras import layers

    x = layers.Dense(64, activation="relu")(x)
    x = layers.Activation("relu")(x)
    ```

    ## Use instead
    ```python
    from keras import layers

    x = layers.Dense(64)(x)
    x = layers.Activation("relu")(x)
    ```

    ## Real code
    On the pinned real-code corpora (`scripts/realcode.py`: the Keras examples and guides,
    TensorFlow's tutorial and guide notebooks, the tf-models-official, keras-hub and keras
    wheels), 1 finding, true: TensorFlow's text-classification tutorial exports its model with an
    extra `Activation('sigmoid')` after an output `Dense` that already applies sigmoid, so the
    exported model's probabilities lie in [0.5, 0.73]; precision 100 %.

    ## Options
    None.

    ## References
    - [Keras: layer activation functions](https://keras.io/api/layers/activations/)
    """

    CODE = "KL812"
    NAME = "stacked-activations"
    SUMMARY = ("Two activations in a row on one tensor (`Dense(..., activation=\"relu\")` then "
               "`Activation(\"relu\")`, softmax on softmax).")
    MESSAGE = ("{second} applies {outer} to the output of {first}, which already applies "
               "{inner}: {effect}. Keep one activation (make the layer linear, or drop the "
               "activation layer)")

    def check(self, facts):
        reported: set[int] = set()
        for fact, node in facts.models.layer_nodes():
            if node.info.category != ACTIVATION or id(node.construction) in reported:
                continue
            outer = node.info.activation
            if outer in _NOT_AN_ACTIVATION or not _on_last_axis(facts, node):
                continue
            if len(node.inputs) != 1:
                continue
            source = node.inputs[0]
            if source.is_input or source.opaque or source.info.category not in (UNITS, ACTIVATION):
                continue
            inner = source.info.activation
            if inner in _NOT_AN_ACTIVATION:
                continue
            if source.info.category == ACTIVATION and not _on_last_axis(facts, source):
                continue
            reported.add(id(node.construction))
            anchor = node.application if node.info.is_op and node.application else node.construction
            yield self.report(anchor, second=node_text(facts, node), outer=f"`{outer}`",
                              first=node_text(facts, source), inner=f"`{inner}`",
                              effect=_effect(inner, outer))

    VALID = (
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16),
                                      keras.layers.Activation("relu")])
        """),
        # relu -> BatchNormalization -> relu: a layer in between.
        Valid("""
            import keras
            from keras import layers
            inputs = keras.Input((8,))
            x = layers.Dense(16, activation="relu")(inputs)
            x = layers.BatchNormalization()(x)
            model = keras.Model(inputs, layers.Activation("relu")(x))
        """),
        # Attention weights: a softmax over the time axis of a tanh score.
        Valid("""
            import tensorflow as tf
            inputs = tf.keras.Input((20, 8))
            score = tf.keras.layers.Dense(1, activation="tanh")(inputs)
            weights = tf.nn.softmax(score, axis=1)
            model = tf.keras.Model(inputs, weights)
        """),
        # Activation("linear") changes nothing.
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((8,)),
                                      keras.layers.Dense(4, activation="softmax"),
                                      keras.layers.Activation("linear")])
        """),
        # The activation comes from configuration.
        Valid("""
            import keras
            act = config["activation"]
            model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4, activation=act),
                                      keras.layers.ReLU()])
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            from keras import layers
            inputs = keras.Input((8,))
            x = layers.Dense(64, activation="relu")(inputs)
            x = layers.Activation("relu")(x)
            model = keras.Model(inputs, layers.Dense(1)(x))
        """, lines=(5,)),
        # Softmax on softmax, the second as an op in a subclassed model.
        Invalid("""
            import tensorflow as tf
            class Net(tf.keras.Model):
                def __init__(self):
                    super().__init__()
                    self.out = tf.keras.layers.Dense(10, activation="softmax")
                def call(self, x):
                    return tf.nn.softmax(self.out(x))
            net = Net()
        """, lines=(7,)),
        Invalid("""
            import tensorflow as tf
            model = tf.keras.Sequential([
                tf.keras.layers.Conv2D(32, 3, activation="relu", input_shape=(28, 28, 1)),
                tf.keras.layers.LeakyReLU(),
                tf.keras.layers.Flatten(),
            ])
        """, lines=(4,)),
    )


def _on_last_axis(facts, node) -> bool:
    """A softmax over the last axis (no `axis=` or `axis=-1`); other activations always."""
    return node.info.category != ACTIVATION or over_last_axis(facts, node.construction)


def _effect(inner: str, outer: str) -> str:
    if inner == outer and inner in ("relu", "relu6"):
        return f"{outer} of a non-negative value changes nothing, so one of them is dead code"
    if inner == outer == "softmax":
        return "the probabilities are flattened towards uniform"
    if inner in ("relu", "relu6", "elu", "selu", "softplus") and outer in (
            "leaky_relu", "prelu", "elu"):
        return f"{outer} never sees the negative values it exists for"
    if outer in ("sigmoid", "tanh") and inner in ("relu", "softmax", "sigmoid", "softplus"):
        low = "0.5" if outer == "sigmoid" else "0"
        return f"the output is squeezed into [{low}, 1) instead of the full range of {outer}"
    return "the second reshapes values the first already bounded"

