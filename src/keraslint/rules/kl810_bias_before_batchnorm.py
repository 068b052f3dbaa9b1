from keraslint.analysis import calls
from keraslint.analysis.layers import (
    BATCH_NORMALIZATIONS,
    CONVOLUTIONS,
    TRANSPOSED_CONVOLUTIONS,
    UNITS,
)
from keraslint.analysis.models import node_text
from keraslint.rules.base import Invalid, Rule, Valid

_BIASED = CONVOLUTIONS | TRANSPOSED_CONVOLUTIONS | {"Dense"}


class BiasBeforeBatchnorm(Rule):
    """
    ## What it does
    Checks for a `Dense` or convolution layer that keeps its bias (`use_bias=True`, the
    default) and no activation, and whose only consumer is a `BatchNormalization` over the
    same (channel) axis.

    The layers may sit in a `Sequential` list, a functional graph, a helper function
    (`def conv_bn(x, filters): ...`) or a custom layer's `call`.

    ## Why is this bad?
    Batch normalization subtracts the batch mean of every channel, and a per-channel bias
    shifts that mean by exactly the bias: the two cancel, so the bias receives a zero
    gradient and never matters (`BatchNormalization`'s own `beta` is the offset that
    counts). The layer carries dead parameters and the model summary misleads. With an
    activation between the two (`Conv2D(..., activation="relu")` then BN) the bias is not
    cancelled and nothing is reported.

    ## Example
    ```python
    from keras import layers

    x = layers.Conv2D(64, 3, padding="same")(x)
    x = layers.BatchNormalization()(x)
    x = layers.Activation("relu")(x)
    ```

    ## Use instead
    ```python
    from keras import layers

    x = layers.Conv2D(64, 3, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.Activation("relu")(x)
    ```

    ## Real code
    On the pinned real-code corpora (`scripts/realcode.py`: the Keras examples and guides,
    TensorFlow's tutorial and guide notebooks, the tf-models-official, keras-hub and keras
    wheels), 24 findings: 21 true (keras-io's time-series, PointNet, BASNet, depth-estimation,
    involution and Xception-style examples, the distributed-training guides, TensorFlow's
    custom-layers tutorial, keras-hub's BASNet backbone) and 3 intended (test models in the
    keras wheel); none false (precision 100 %).

    ## Options
    None.

    ## References
    - [Ioffe & Szegedy, Batch Normalization (2015), section 3.2](https://arxiv.org/abs/1502.03167)
    - [Keras: BatchNormalization](https://keras.io/api/layers/normalization_layers/batch_normalization/)
    """

    CODE = "KL810"
    NAME = "bias-before-batchnorm"
    SUMMARY = ("A `Dense`/`Conv` layer with its bias on, feeding straight into "
               "`BatchNormalization`: BN cancels the bias.")
    MESSAGE = ("{layer} keeps its bias and feeds straight into {bn}, which subtracts the "
               "per-channel batch mean and so cancels the bias: its gradient is zero and it "
               "never learns. Pass `use_bias=False` (BatchNormalization's `beta` is the offset)")

    def check(self, facts):
        reported: set[int] = set()
        for fact, node in facts.models.layer_nodes():
            if node.kind not in _BIASED or node.info.category != UNITS:
                continue
            if id(node.construction) in reported or node.info.activation != "linear":
                continue
            consumers = fact.graph.consumers(node)
            if len(consumers) != 1 or fact.graph.is_output(node):
                continue
            (bn,) = consumers
            if bn.kind not in BATCH_NORMALIZATIONS or not _bias_on(facts, node.construction):
                continue
            if not _channel_axis(facts, bn, node):
                continue
            reported.add(id(node.construction))
            arg = calls.argument(node.construction, "use_bias")
            yield self.report(arg or node.construction, layer=node_text(facts, node),
                              bn=node_text(facts, bn))

    VALID = (
        Valid("""
            from keras import layers
            def block(x):
                x = layers.Conv2D(64, 3, padding="same", use_bias=False)(x)
                x = layers.BatchNormalization()(x)
                return layers.Activation("relu")(x)
        """),
        # An activation between the layer and BN: the bias is not cancelled.
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((20,)),
                                      keras.layers.Dense(64, activation="relu"),
                                      keras.layers.BatchNormalization(),
                                      keras.layers.Dense(1)])
        """),
        # The layer's output is also used elsewhere (a residual branch): the bias matters there.
        Valid("""
            import keras
            from keras import layers
            inputs = keras.Input((32, 32, 16))
            y = layers.Conv2D(16, 3, padding="same")(inputs)
            z = layers.BatchNormalization()(y)
            model = keras.Model(inputs, layers.Add()([y, z]))
        """),
        # BN over another axis than the channels: the bias is not a per-channel offset there.
        Valid("""
            import keras
            inputs = keras.Input((10, 8))
            x = keras.layers.Dense(8)(inputs)
            model = keras.Model(inputs, keras.layers.BatchNormalization(axis=1)(x))
        """),
        # use_bias decided at run time.
        Valid("""
            import keras, sys
            bias = sys.argv[1] == "bias"
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, use_bias=bias),
                                      keras.layers.BatchNormalization()])
        """),
        # LayerNormalization subtracts the mean over features, not a per-channel batch mean.
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8),
                                      keras.layers.LayerNormalization()])
        """),
    )
    INVALID = (
        Invalid("""
            from keras import layers
            def block(x):
                x = layers.Conv2D(64, 3, padding="same")(x)
                x = layers.BatchNormalization()(x)
                return layers.Activation("relu")(x)
            inputs = layers.Input((32, 32, 3))
            outputs = block(block(inputs))
        """, lines=(3,)),
        Invalid("""
            import tensorflow as tf
            model = tf.keras.Sequential([
                tf.keras.layers.Dense(128, input_shape=(784,)),
                tf.keras.layers.BatchNormalization(),
                tf.keras.layers.ReLU(),
                tf.keras.layers.Dense(10, activation="softmax"),
            ])
        """, lines=(3,)),
        # `use_bias=True` written out: the argument is the line to fix.
        Invalid("""
            import keras
            class Block(keras.layers.Layer):
                def __init__(self, filters):
                    super().__init__()
                    self.conv = keras.layers.Conv2D(filters, 3,
                                                    use_bias=True)
                    self.bn = keras.layers.BatchNormalization()
                def call(self, x):
                    return keras.activations.relu(self.bn(self.conv(x)))
        """, lines=(6,)),
    )


def _bias_on(facts, call) -> bool:
    arg = calls.argument(call, "use_bias")
    if arg is None:
        return not calls.has_unpacking(call)
    return facts.values.literal(arg.value) is True


def _channel_axis(facts, bn, layer) -> bool:
    """BN normalizes the axis the bias is added along (the last, channels-last; 1 with
    `data_format="channels_first"`)."""
    axis = calls.argument(bn.construction, "axis", 0)
    first = calls.argument(layer.construction, "data_format")
    channels_first = first is not None and facts.values.literal(first.value) == "channels_first"
    if first is not None and facts.values.literal(first.value) not in ("channels_first",
                                                                      "channels_last", None):
        return False
    if axis is None:
        return not calls.has_unpacking(bn.construction) and not channels_first
    value = facts.values.literal(axis.value)
    if channels_first:
        return value == 1
    if value == -1:
        return True
    shape = facts.shapes.output_shape(layer)
    return shape is not None and value == len(shape) - 1
