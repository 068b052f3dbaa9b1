from keraslint.analysis.layers import BATCH_NORMALIZATIONS, DROPOUTS, drops
from keraslint.analysis.models import node_text
from keraslint.rules.base import Invalid, Rule, Valid


class DropoutBeforeBatchnorm(Rule):
    """
    ## What it does
    Checks for a `Dropout` (or `SpatialDropout1D/2D/3D`) layer whose output feeds straight
    into a `BatchNormalization` layer, in a `Sequential` list, a functional graph, a helper
    function or a custom layer's `call`.

    ## Why is this bad?
    In training, dropout zeroes a fraction `rate` of the activations and scales the rest by
    `1 / (1 - rate)`, which raises their variance; batch normalization learns its moving
    variance from those noisy activations. At inference dropout does nothing, the variance
    drops, and BN normalizes with statistics that no longer fit: every activation after it
    is shifted and scaled wrongly ("variance shift", Li et al., 2019). Accuracy at test time
    falls below what training showed. Dropout after the last BN (or after the BN and its
    activation) avoids it.

    ## Example
    ```python
    from keras import layers

    x = layers.Dense(256, activation="relu")(x)
    x = layers.Dropout(0.5)(x)
    x = layers.BatchNormalization()(x)
    ```

    ## Use instead
    ```python
    from keras import layers

    x = layers.Dense(256)(x)
    x = layers.BatchNormalization()(x)
    x = layers.Activation("relu")(x)
    x = layers.Dropout(0.5)(x)
    ```

    ## Real code
    On the pinned real-code corpora (`scripts/realcode.py`: the Keras examples and guides,
    TensorFlow's tutorial and guide notebooks, the tf-models-official, keras-hub and keras
    wheels), no finding (their dropout follows batch normalization).

    ## Options
    None.

    ## References
    - [Li et al., Understanding the Disharmony between Dropout and Batch Normalization by Variance Shift (CVPR 2019)](https://arxiv.org/abs/1801.05134)
    """

    CODE = "KL811"
    NAME = "dropout-before-batchnorm"
    SUMMARY = ("`Dropout` feeding straight into `BatchNormalization`: the variance BN learns in "
               "training differs from inference.")
    MESSAGE = ("{dropout} feeds straight into {bn}: BN learns its moving variance from "
               "activations that dropout inflates in training, but dropout is off at "
               "inference, so BN then rescales with the wrong variance (variance shift). "
               "Move the dropout after the batch normalization")

    def check(self, facts):
        reported: set[int] = set()
        for fact, node in facts.models.layer_nodes():
            if node.kind not in DROPOUTS or id(node.construction) in reported \
                    or not drops(facts, node.construction, node.ctx):
                continue
            normalizing = [c for c in fact.graph.consumers(node) if c.kind in BATCH_NORMALIZATIONS]
            if not normalizing:
                continue
            reported.add(id(node.construction))
            yield self.report(node.construction, dropout=node_text(facts, node),
                              bn=node_text(facts, normalizing[0]))

    VALID = (
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(64),
                                      keras.layers.BatchNormalization(),
                                      keras.layers.Activation("relu"),
                                      keras.layers.Dropout(0.5),
                                      keras.layers.Dense(1)])
        """),
        # Dense between dropout and BN: BN sees the next layer's output.
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((20,)), keras.layers.Dropout(0.2),
                                      keras.layers.Dense(64),
                                      keras.layers.BatchNormalization()])
        """),
        # A rate of zero does nothing.
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((20,)), keras.layers.Dropout(0.0),
                                      keras.layers.BatchNormalization()])
        """),
        # LayerNormalization normalizes each sample with its own statistics.
        Valid("""
            import keras
            inputs = keras.Input((16, 32))
            x = keras.layers.Dropout(0.1)(inputs)
            model = keras.Model(inputs, keras.layers.LayerNormalization()(x))
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            from keras import layers
            inputs = keras.Input((128,))
            x = layers.Dense(256, activation="relu")(inputs)
            x = layers.Dropout(0.5)(x)
            x = layers.BatchNormalization()(x)
            model = keras.Model(inputs, layers.Dense(10, activation="softmax")(x))
        """, lines=(5,)),
        Invalid("""
            import tensorflow as tf
            model = tf.keras.Sequential()
            model.add(tf.keras.layers.Conv2D(32, 3, activation="relu", input_shape=(32, 32, 3)))
            model.add(tf.keras.layers.SpatialDropout2D(0.2))
            model.add(tf.keras.layers.BatchNormalization())
        """, lines=(4,)),
        # In a helper function used twice: reported once, where the dropout is built.
        Invalid("""
            from keras import layers
            def block(x, units):
                x = layers.Dense(units, activation="relu")(x)
                x = layers.Dropout(0.3)(x)
                return layers.BatchNormalization()(x)
            inputs = layers.Input((64,))
            outputs = block(block(inputs, 128), 64)
        """, lines=(4,)),
    )
