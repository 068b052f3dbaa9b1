from keraslint.analysis.layers import INFERENCE_IDENTITIES, UNITS
from keraslint.analysis.models import node_text
from keraslint.rules.base import Invalid, Rule, Valid


class LinearStack(Rule):
    """
    ## What it does
    Checks for a hidden `Dense` layer with no activation (the default `activation=None`, or
    `"linear"`) whose output goes only into another `Dense` layer, directly or through
    `Dropout`/noise layers (which are the identity at inference).

    A linear `Dense` that feeds a normalization, an attention layer, a residual `Add`, a
    concatenation or several layers is a projection, not two layers in a row, and is not
    reported.

    ## Why is this bad?
    Two affine maps in a row are one affine map: `W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 +
    b2)`. The extra layer adds parameters and training time but no expressive power, and
    its width caps the rank of the product (a 784 -> 32 -> 10 stack is a rank-10 map built
    from 25,000 weights). Almost always an `activation="relu"` was forgotten.

    ## Example
    ```python
    import keras

    model = keras.Sequential([
        keras.Input((784,)),
        keras.layers.Dense(128),
        keras.layers.Dense(10, activation="softmax"),
    ])
    ```

    ## Use instead
    ```python
    import keras

    model = keras.Sequential([
        keras.Input((784,)),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    ```

    ## Real code
    On the pinned real-code corpora (`scripts/realcode.py`: the Keras examples and guides,
    TensorFlow's tutorial and guide notebooks, the tf-models-official, keras-hub and keras
    wheels), 72 findings: 12 true (the Keras Tuner guide's model, `Dense` layers with no
    activation trained by `tuner.search`) and 60 intended (tiny linear models in Keras' own
    saving, cloning and optimizer tests, serialization and DTensor demos, and keras-hub's
    Gemma3n LAuReL low-rank adapter, linear by design); none false (precision 100 %).

    ## Options
    None.

    ## References
    - [Goodfellow, Bengio & Courville, Deep Learning, section 6.1 (a linear model of linear layers)](https://www.deeplearningbook.org/contents/mlp.html)
    """

    CODE = "KL807"
    NAME = "linear-stack"
    SUMMARY = ("Consecutive hidden `Dense` layers with no activation between them: they "
               "collapse to one linear map.")
    MESSAGE = ("{first} has no activation and feeds straight into {second}{between}: the two "
               "compose to a single linear map{rank}, so the first adds parameters but no "
               "expressive power. Give it an activation (e.g. `activation=\"relu\"`)")

    def check(self, facts):
        reported: set[int] = set()
        for fact, node in facts.models.layer_nodes():
            if node.kind != "Dense" or node.info.category != UNITS or node.op is not None:
                continue
            if node.info.activation != "linear" or id(node.construction) in reported:
                continue
            graph = fact.graph
            if graph.is_output(node):
                continue
            (passed, after) = _next_layer(graph, node)
            if after is None or after.kind != "Dense" or after.op is not None:
                continue
            reported.add(id(node.construction))
            between = "".join(f" through {node_text(facts, p)}" for p in passed[:1])
            widths = [w for w in (node.info.units, after.info.units) if w is not None]
            rank = f" of rank at most {min(widths)}" if widths else ""
            yield self.report(node.construction, first=node_text(facts, node),
                              second=node_text(facts, after), between=between, rank=rank)

    VALID = (
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((784,)),
                                      keras.layers.Dense(128, activation="relu"),
                                      keras.layers.Dense(10, activation="softmax")])
        """),
        # A linear projection into LayerNormalization and a residual Add.
        Valid("""
            import keras
            from keras import layers
            inputs = keras.Input((16, 64))
            x = layers.Dense(64)(inputs)
            x = layers.LayerNormalization()(x)
            y = layers.Dense(64)(inputs)
            model = keras.Model(inputs, layers.Add()([x, y]))
        """),
        # The linear output layer itself.
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((13,)), keras.layers.Dense(64, activation="relu"),
                                      keras.layers.Dense(1)])
        """),
        # An activation layer between the two.
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(64),
                                      keras.layers.LeakyReLU(), keras.layers.Dense(1)])
        """),
        # The activation comes from configuration.
        Valid("""
            import keras
            def build(act):
                return keras.Sequential([keras.layers.Dense(64, activation=act),
                                         keras.layers.Dense(1)])
        """),
        # The linear layer's output is used twice (a shared bottleneck).
        Valid("""
            import keras
            from keras import layers
            inputs = keras.Input((32,))
            z = layers.Dense(8)(inputs)
            a = layers.Dense(1, activation="sigmoid")(z)
            b = layers.Dense(4, activation="softmax")(z)
            model = keras.Model(inputs, [a, b])
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            model = keras.Sequential([
                keras.Input((784,)),
                keras.layers.Dense(128),
                keras.layers.Dense(10, activation="softmax"),
            ])
        """, lines=(4,)),
        # Through Dropout, functional.
        Invalid("""
            import tensorflow as tf
            inputs = tf.keras.Input((20,))
            x = tf.keras.layers.Dense(64, activation=None)(inputs)
            x = tf.keras.layers.Dropout(0.3)(x)
            x = tf.keras.layers.Dense(32, activation="relu")(x)
            model = tf.keras.Model(inputs, tf.keras.layers.Dense(1)(x))
        """, lines=(3,)),
        Invalid("""
            from tensorflow.keras.models import Sequential
            from tensorflow.keras.layers import Dense
            model = Sequential()
            model.add(Dense(64, activation="relu", input_dim=8))
            model.add(Dense(32, activation="linear"))
            model.add(Dense(1, activation="sigmoid"))
        """, lines=(5,)),
    )


def _next_layer(graph, node):
    """(identity layers passed, the one layer receiving `node`'s output), or (.., None)
    when the output goes to several places or leaves the model."""
    passed = []
    current = node
    for _ in range(len(graph.nodes)):
        consumers = graph.consumers(current)
        if len(consumers) != 1 or (current is not node and graph.is_output(current)):
            return passed, None
        (after,) = consumers
        if after.kind in INFERENCE_IDENTITIES and after.op is None:
            passed.append(after)
            current = after
            continue
        return passed, (after if len(after.inputs) == 1 else None)
    return passed, None
