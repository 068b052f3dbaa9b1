from keraslint.analysis.layers import (
    ACTIVATION,
    GLOBAL_POOLINGS,
    INFERENCE_IDENTITIES,
    POOLINGS,
    UNITS,
    over_last_axis,
)
from keraslint.analysis.models import node_text
from keraslint.rules.base import Invalid, Rule, Valid

# Layers that mix a softmax's values into new features (as opposed to using them as weights).
_FEATURE_LAYERS = POOLINGS | GLOBAL_POOLINGS | {"Flatten", "BatchNormalization",
                                                 "LayerNormalization"}


class HiddenSoftmax(Rule):
    """
    ## What it does
    Checks for a softmax applied to a hidden layer's features: a `Dense`/convolution/RNN with
    `activation="softmax"`, or an `Activation("softmax")`/`Softmax()` layer or `tf.nn.softmax`
    op over the last axis, whose output is not a model output but the input of further
    feature layers (`Dense`, convolutions, RNNs, `Flatten`, pooling, normalization).

    A softmax used as weights is not reported: attention scores (`Softmax()` or
    `tf.nn.softmax` over the scores, then a `Dot`/`Multiply`/matmul with the values), gates,
    mixture weights joined with other tensors, a softmax over another axis than the last, and
    a softmax that is one of a model's outputs.

    ## Why is this bad?
    Softmax turns a layer's features into a probability vector: the values sum to 1, so with
    64 units the typical activation is 1/64 and the next layer receives nearly constant,
    tiny inputs whose gradients vanish (the softmax Jacobian `p (1 - p)` is ~0.015 per unit).
    The network trains very slowly or not at all. A hidden layer is meant to use `relu` (or
    another elementwise activation); softmax belongs on the output of a classifier.

    ## Example
    ```python
    import keras

    model = keras.Sequential([
        keras.Input((20,)),
        keras.layers.Dense(64, activation="softmax"),
        keras.layers.Dense(3, activation="softmax"),
    ])
    ```

    ## Use instead
    ```python
    import keras

    model = keras.Sequential([
        keras.Input((20,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(3, activation="softmax"),
    ])
    ```

    ## Real code
    On the pinned real-code corpora (`scripts/realcode.py`: the Keras examples and guides,
    TensorFlow's tutorial and guide notebooks, the tf-models-official, keras-hub and keras
    wheels), no finding: every softmax there is a model output or attention weights (a
    `Softmax(axis=...)` or `tf.nn.softmax` over scores followed by a matmul/`Dot`).

    ## Options
    None.

    ## References
    - [Keras: softmax activation](https://keras.io/api/layers/activations/#softmax-function)
    """

    CODE = "KL206"
    NAME = "hidden-softmax"
    SUMMARY = "Softmax on a layer that is not the output."
    MESSAGE = ("{layer} applies softmax to a hidden layer's features, and {next} takes them as "
               "input: the values are squeezed into a probability vector summing to 1 and the "
               "gradients through it nearly vanish. Use an elementwise activation such as "
               "`\"relu\"` here; keep softmax for the output")

    def check(self, facts):
        reported: set[int] = set()
        for fact, node in facts.models.layer_nodes():
            if node.info.activation != "softmax" or id(node.construction) in reported:
                continue
            if node.info.category not in (UNITS, ACTIVATION) or not (
                    node.info.category == UNITS or over_last_axis(facts, node.construction)):
                continue
            graph = fact.graph
            if graph.is_output(node):
                continue
            receivers = graph.downstream(node, _identity)
            if not receivers or not all(_feature_layer(r) for r in receivers):
                continue
            reported.add(id(node.construction))
            anchor = node.info.activation_node if node.info.category == UNITS else (
                node.application if node.info.is_op else node.construction)
            yield self.report(anchor or node.construction, layer=node_text(facts, node),
                              next=node_text(facts, receivers[0]))

    VALID = (
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((20,)),
                                      keras.layers.Dense(64, activation="relu"),
                                      keras.layers.Dense(3, activation="softmax")])
        """),
        # Attention: softmax over scores, then a weighted sum with the values.
        Valid("""
            import keras
            from keras import layers
            q = keras.Input((10, 16))
            v = keras.Input((10, 16))
            scores = layers.Dot(axes=(2, 2))([q, v])
            weights = layers.Softmax()(scores)
            context = layers.Dot(axes=(2, 1))([weights, v])
            model = keras.Model([q, v], layers.Dense(4)(context))
        """),
        # A custom attention layer computing softmax with an op and a matmul.
        Valid("""
            import tensorflow as tf
            class Attention(tf.keras.layers.Layer):
                def __init__(self):
                    super().__init__()
                    self.score = tf.keras.layers.Dense(1)
                def call(self, x):
                    weights = tf.nn.softmax(self.score(x), axis=1)
                    return tf.reduce_sum(weights * x, axis=1)
        """),
        # Gating: softmax weights multiplied with features.
        Valid("""
            import keras
            from keras import layers
            inputs = keras.Input((32,))
            gate = layers.Dense(32, activation="softmax")(inputs)
            gated = layers.Multiply()([inputs, gate])
            model = keras.Model(inputs, layers.Dense(1)(gated))
        """),
        # A softmax output that is also fed to another head.
        Valid("""
            import keras
            from keras import layers
            inputs = keras.Input((16,))
            probs = layers.Dense(4, activation="softmax")(inputs)
            value = layers.Dense(1)(probs)
            model = keras.Model(inputs, [probs, value])
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            model = keras.Sequential([
                keras.Input((20,)),
                keras.layers.Dense(64, activation="softmax"),
                keras.layers.Dense(3, activation="softmax"),
            ])
        """, lines=(4,)),
        Invalid("""
            import tensorflow as tf
            inputs = tf.keras.Input((28, 28, 1))
            x = tf.keras.layers.Conv2D(16, 3)(inputs)
            x = tf.keras.layers.Activation("softmax")(x)
            x = tf.keras.layers.Flatten()(x)
            model = tf.keras.Model(inputs, tf.keras.layers.Dense(10)(x))
        """, lines=(4,)),
        # A multi-line layer: the activation argument is the line to fix.
        Invalid("""
            from tensorflow.keras import Sequential
            from tensorflow.keras.layers import Dense, Dropout
            model = Sequential()
            model.add(Dense(128, input_dim=30,
                            activation="softmax"))
            model.add(Dropout(0.2))
            model.add(Dense(1, activation="sigmoid"))
        """, lines=(5,)),
    )


def _identity(node) -> bool:
    return node.kind in INFERENCE_IDENTITIES and node.op is None


def _feature_layer(node) -> bool:
    if node.op is not None or node.opaque:
        return False
    return node.info.category == UNITS or node.kind in _FEATURE_LAYERS

