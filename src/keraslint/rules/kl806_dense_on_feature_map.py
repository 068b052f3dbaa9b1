from keraslint.analysis import calls
from keraslint.analysis.layers import (
    ACTIVATION,
    CONVOLUTIONS,
    INFERENCE_IDENTITIES,
    POOLINGS,
    TRANSPOSED_CONVOLUTIONS,
)
from keraslint.analysis.models import APPLICATION, node_text
from keraslint.analysis.shapes import describe_shape
from keraslint.rules.base import Invalid, Rule, Valid

_FEATURE_MAPS = CONVOLUTIONS | TRANSPOSED_CONVOLUTIONS | POOLINGS
# Layers a feature map passes through unchanged in rank (between the map and the Dense).
_KEEPS_POSITIONS = INFERENCE_IDENTITIES | {"BatchNormalization", "SyncBatchNormalization",
                                           "LayerNormalization", "GroupNormalization",
                                           "Activation", "ReLU", "LeakyReLU", "PReLU", "ELU",
                                           "Softmax", "ThresholdedReLU"}


class DenseOnFeatureMap(Rule):
    """
    ## What it does
    Checks for a `Dense` layer applied directly (or through dropout, normalization and
    activation layers) to the output of a convolution or pooling layer, with no `Flatten`,
    global pooling or `Reshape` before it, when its per-position output then reaches the
    model's output unreduced. Sequential lists, functional graphs, subclassed models and
    models assembled by helper functions (`def conv_block(x, filters): ...`) are read alike;
    a `keras.applications` base without its top and without `pooling=` counts as a
    convolution's feature map.

    A `Dense` whose per-position output is later flattened or pooled (a pointwise projection,
    as in ConvNeXt blocks), a `Dense` on a sequence of embeddings or RNN states (per time
    step, as in transformers), and a model trained on targets with a position axis
    (segmentation masks, per-step tags) are not reported; on a 1-D convolution's sequence the
    rule also wants targets known to be one per sample (a per-step output is often meant).

    ## Why is this bad?
    `Dense` only transforms the last axis. On a feature map of shape `(batch, height, width,
    channels)` it runs once per spatial position, so the model predicts one vector per
    position instead of one per sample: `(batch, 13, 13, 10)` where `(batch, 10)` was meant.
    Keras then either stops on a shape error in the loss, or, when the labels broadcast,
    trains on a loss that averages per-position guesses and never learns to look at the
    whole image.

    ## Example
    ```python
    import keras

    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Dense(10, activation="softmax"),
    ])
    ```

    ## Use instead
    ```python
    import keras

    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),  # or GlobalAveragePooling2D()
        keras.layers.Dense(10, activation="softmax"),
    ])
    ```

    ## Real code
    On the pinned real-code corpora (`scripts/realcode.py`: the Keras examples and guides,
    TensorFlow's tutorial and guide notebooks, the tf-models-official, keras-hub and keras
    wheels), no finding (the examples flatten or pool before their classifiers; the ConvNeXt-style
    pointwise `Dense` layers are pooled later and stay quiet).

    ## Options
    None.

    ## References
    - [Keras: Dense layer ("if the input to the layer has a rank greater than 2, Dense computes the dot product along the last axis")](https://keras.io/api/layers/core_layers/dense/)
    """

    CODE = "KL806"
    NAME = "dense-on-feature-map"
    SUMMARY = ("`Dense` directly after a convolution/pooling output with no `Flatten`/global "
               "pooling.")
    MESSAGE = ("{dense} is applied to the feature map of {source}{shape}: `Dense` transforms "
               "only the last axis, so it runs once per position and the model outputs "
               "{output} instead of one prediction per sample. Add `Flatten()` or a global "
               "pooling layer before it")

    def check(self, facts):
        reported: set[int] = set()
        for fact, node in facts.models.layer_nodes():
            if node.kind != "Dense" or fact.model is None or id(node.construction) in reported:
                continue
            graph = fact.graph
            source = graph.upstream(node, _keeps_positions)
            if source is None or not _feature_map(facts, source):
                continue
            shape = facts.shapes.input_shape(node)
            if shape is not None and len(shape) < 3:
                continue
            if not _reaches_output_per_position(graph, node):
                continue
            output = facts.shapes.output_shape(fact.model)
            if not _per_sample_targets(facts, fact.model, source, shape, output):
                continue
            reported.add(id(node.construction))
            yield self.report(
                node.construction, dense=node_text(facts, node), source=node_text(facts, source),
                shape=f", shape {describe_shape(shape)}" if shape is not None else "",
                output=(describe_shape(output) if output is not None and len(output) >= 3
                        else "one prediction per position"))

    VALID = (
        Valid("""
            import keras
            model = keras.Sequential([
                keras.Input((28, 28, 1)),
                keras.layers.Conv2D(32, 3, activation="relu"),
                keras.layers.MaxPooling2D(),
                keras.layers.Flatten(),
                keras.layers.Dense(10, activation="softmax"),
            ])
        """),
        Valid("""
            import keras
            from keras import layers
            inputs = keras.Input((32, 32, 3))
            x = layers.Conv2D(16, 3, activation="relu")(inputs)
            x = layers.GlobalAveragePooling2D()(x)
            model = keras.Model(inputs, layers.Dense(10)(x))
        """),
        # A pointwise projection (ConvNeXt): the per-position output is pooled later.
        Valid("""
            import keras
            from keras import layers
            inputs = keras.Input((32, 32, 3))
            x = layers.DepthwiseConv2D(7, padding="same")(inputs)
            x = layers.LayerNormalization()(x)
            x = layers.Dense(12, activation="gelu")(x)
            x = layers.GlobalAveragePooling2D()(x)
            model = keras.Model(inputs, layers.Dense(5)(x))
        """),
        # Dense on a sequence of embeddings (per time step) is intended.
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((100,)), keras.layers.Embedding(1000, 32),
                                      keras.layers.Dense(32, activation="relu"),
                                      keras.layers.GlobalAveragePooling1D(),
                                      keras.layers.Dense(1)])
        """),
        # A pretrained base with pooling="avg" outputs a vector.
        Valid("""
            import keras
            base = keras.applications.MobileNetV2(include_top=False, pooling="avg",
                                                  input_shape=(160, 160, 3))
            model = keras.Sequential([base, keras.layers.Dense(5, activation="softmax")])
        """),
        # Per-pixel targets: a segmentation head on purpose.
        Valid("""
            import numpy as np
            import keras
            images = np.zeros((100, 32, 32, 3), dtype="float32")
            masks = np.zeros((100, 32, 32), dtype="int64")
            model = keras.Sequential([keras.Input((32, 32, 3)),
                                      keras.layers.Conv2D(16, 3, padding="same"),
                                      keras.layers.Dense(4, activation="softmax")])
            model.compile(loss="sparse_categorical_crossentropy")
            model.fit(images, masks)
        """),
        # A 1-D convolution tagging every step; its targets are not known.
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((None, 8)), keras.layers.Conv1D(16, 3),
                                      keras.layers.Dense(5, activation="softmax")])
            model.compile(loss="sparse_categorical_crossentropy")
            model.fit(load_windows(), load_tags())
        """),
        # A custom layer in between: anything may happen to the shape.
        Valid("""
            import keras
            class Squash(keras.layers.Layer):
                def call(self, x):
                    return keras.ops.mean(x, axis=(1, 2))
            model = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(8, 3),
                                      Squash(), keras.layers.Dense(10)])
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            model = keras.Sequential([
                keras.Input((28, 28, 1)),
                keras.layers.Conv2D(32, 3, activation="relu"),
                keras.layers.MaxPooling2D(),
                keras.layers.Dense(128, activation="relu"),
                keras.layers.Dense(10, activation="softmax"),
            ])
        """, lines=(6,)),
        # Functional, through Dropout.
        Invalid("""
            import tensorflow as tf
            from tensorflow.keras import layers
            inputs = tf.keras.Input(shape=(64, 64, 3))
            x = layers.Conv2D(16, 3, activation="relu")(inputs)
            x = layers.MaxPooling2D()(x)
            x = layers.Dropout(0.25)(x)
            outputs = layers.Dense(2, activation="softmax")(x)
            model = tf.keras.Model(inputs, outputs)
        """, lines=(7,)),
        # Assembled in a helper called twice.
        Invalid("""
            import keras
            from keras import layers
            def conv_block(x, filters):
                x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
                return layers.MaxPooling2D()(x)
            inputs = keras.Input((32, 32, 3))
            x = conv_block(inputs, 32)
            x = conv_block(x, 64)
            outputs = layers.Dense(10, activation="softmax")(x)
            model = keras.Model(inputs, outputs)
        """, lines=(9,)),
        # A Sequential assembled by a helper adding blocks.
        Invalid("""
            import tensorflow as tf
            def add_block(model, filters):
                model.add(tf.keras.layers.Conv2D(filters, 3, activation="relu"))
                model.add(tf.keras.layers.MaxPooling2D())
            model = tf.keras.Sequential([tf.keras.Input((64, 64, 3))])
            add_block(model, 16)
            add_block(model, 32)
            model.add(tf.keras.layers.Dense(5, activation="softmax"))
        """, lines=(8,)),
        # A text CNN that forgot its global pooling, trained on one label per review.
        Invalid("""
            import keras
            (x_train, y_train), _ = keras.datasets.imdb.load_data(num_words=10000)
            x_train = keras.utils.pad_sequences(x_train, maxlen=200)
            model = keras.Sequential([keras.Input((200,)), keras.layers.Embedding(10000, 64),
                                      keras.layers.Conv1D(32, 5, activation="relu"),
                                      keras.layers.MaxPooling1D(2),
                                      keras.layers.Dense(1, activation="sigmoid")])
            model.compile(optimizer="adam", loss="binary_crossentropy")
            model.fit(x_train, y_train)
        """, lines=(7,)),
        # A pretrained base without its top, straight into Dense.
        Invalid("""
            import tensorflow as tf
            base = tf.keras.applications.VGG16(include_top=False, weights="imagenet",
                                               input_shape=(224, 224, 3))
            base.trainable = False
            model = tf.keras.Sequential([base, tf.keras.layers.Dense(1, activation="sigmoid")])
        """, lines=(5,)),
    )


def _keeps_positions(node) -> bool:
    return node.kind in _KEEPS_POSITIONS or (node.info.is_op and node.info.category == ACTIVATION)


def _feature_map(facts, node) -> bool:
    """A convolution's or pooling layer's output, or a pretrained base without top or pooling."""
    if node.kind in _FEATURE_MAPS and node.op is None:
        return True
    model = node.model
    if model is None or model.style != APPLICATION:
        return False
    call = model.node
    top = calls.argument(call, "include_top", 0)
    pooling = calls.argument(call, "pooling")
    if top is None or facts.values.literal(top.value) is not False or calls.has_unpacking(call):
        return False
    return pooling is None or facts.values.literal(pooling.value) is None


def _per_sample_targets(facts, model, source, shape, output) -> bool:
    """Whether the targets may well be one per sample: not when a `fit` trains the model on
    targets with a position axis (segmentation masks, per-step tags); for a 1-D map (a
    sequence, where per-step outputs are common by design) only when they certainly are."""
    targets = facts.shapes.target_shapes(model)
    steps = output[1] if output is not None and len(output) == 3 else None
    units = output[-1] if output is not None else None
    if any(len(t) >= 3 or (len(t) == 2 and steps is not None and t[1] == steps)
           for t in targets):
        return False
    sequence = (shape is not None and len(shape) == 3) or (
        source.kind is not None and source.kind.endswith(("1D", "1DTranspose")))
    if not sequence:
        return True
    return any(len(t) == 1 or (len(t) == 2 and t[1] in (1, units) and t[1] != steps)
               for t in targets)


def _reaches_output_per_position(graph, dense) -> bool:
    """Every path from `dense` to the model's output keeps the positions (Dense, dropout,
    normalization, activations), and one reaches it."""
    if graph.is_output(dense):
        return True
    reached = False
    seen: set[int] = set()
    stack = graph.consumers(dense)
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.kind != "Dense" and not _keeps_positions(node):
            return False
        if graph.is_output(node):
            reached = True
        stack.extend(graph.consumers(node))
    return reached
