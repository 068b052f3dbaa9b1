from keraslint.analysis.models import node_text
from keraslint.analysis.shapes import describe_shape
from keraslint.rules.base import Invalid, Rule, Valid


class WindowExceedsFeatureMap(Rule):
    """
    ## What it does
    Checks for a convolution (`Conv1D/2D/3D`, separable and depthwise ones) or a pooling layer
    whose window (a kernel widened by its `dilation_rate`, or a `pool_size`) is larger than
    the spatial size of the feature map it receives, as the static shapes of the model say:
    from `Input(shape=...)`, a first layer's `input_shape`, `model.build(...)`, or the data fed
    to `fit`, through every layer before it.

    ## Why is this bad?
    With `padding="valid"` the output would have a negative size: Keras refuses to build the
    model ("Negative dimension size", "computed output size would be negative"), usually after
    the data pipeline has already been set up. With `padding="same"` it passes silently: the
    window reaches past the border on every side, so most of what it sees is zero padding and
    the layer learns from a handful of real values; a pooling window over the whole map is
    a global pooling in disguise. Typically the network downsamples more often than the input
    size allows (too many pooling stages for 28x28 images).

    ## Example
    ```python
    import keras

    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        keras.layers.Conv2D(32, 3, activation="relu"),  # 26x26
        keras.layers.MaxPooling2D(4),                   # 6x6
        keras.layers.Conv2D(64, 3, activation="relu"),  # 4x4
        keras.layers.MaxPooling2D(4),                   # 1x1
        keras.layers.Conv2D(64, 3, padding="same"),     # a 3x3 kernel on a 1x1 map
    ])
    ```

    ## Use instead
    ```python
    import keras

    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(64, 3, activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(64, 3, padding="same"),
    ])
    ```

    ## Real code
    On the pinned real-code corpora (`scripts/realcode.py`: the Keras examples and guides,
    TensorFlow's tutorial and guide notebooks, the tf-models-official, keras-hub and keras
    wheels), no finding (the examples' windows fit their maps, or the input size is left
    unknown).

    ## Options
    None.

    ## References
    - [Keras: Conv2D](https://keras.io/api/layers/convolution_layers/convolution2d/)
    - [Dumoulin & Visin, A guide to convolution arithmetic for deep learning](https://arxiv.org/abs/1603.07285)
    """

    CODE = "KL809"
    NAME = "window-exceeds-feature-map"
    SUMMARY = ("A convolution or pooling window larger than the spatial size of the feature map "
               "it receives (from static shapes).")
    MESSAGE = ("{layer} slides a {window} window over a {spatial} feature map (input shape "
               "{shape}): {effect}. Use a smaller window, or downsample less before it")

    def check(self, facts):
        reported: set[int] = set()
        for _, node in facts.models.layer_nodes():
            if id(node.construction) in reported:
                continue
            found = facts.shapes.window(node)
            if found is None:
                continue
            if not any(d is not None and w > d for w, d in zip(found.size, found.spatial)):
                continue
            if found.pooling and found.padding == "same" and all(d == 1 for d in found.spatial):
                continue  # pooling a 1x1 map changes nothing: KL813's finding
            reported.add(id(node.construction))
            yield self.report(node.construction, layer=node_text(facts, node),
                              window=_size(found.size), spatial=_size(found.spatial),
                              shape=describe_shape(facts.shapes.input_shape(node)),
                              effect=_effect(found))

    VALID = (
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((28, 28, 1)),
                                      keras.layers.Conv2D(32, 3, activation="relu"),
                                      keras.layers.MaxPooling2D(2),
                                      keras.layers.Conv2D(64, 3, activation="relu"),
                                      keras.layers.MaxPooling2D(2)])
        """),
        # A window exactly as large as the map fits (a global pooling, written out).
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((7, 7, 64)), keras.layers.AveragePooling2D(7)])
        """),
        # The spatial size is unknown (variable-size images).
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((None, None, 3)),
                                      keras.layers.Conv2D(8, 11)])
        """),
        # Transposed convolutions grow the map: a large kernel is fine.
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((1, 1, 128)),
                                      keras.layers.Conv2DTranspose(64, 4)])
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            model = keras.Sequential([
                keras.Input((28, 28, 1)),
                keras.layers.Conv2D(32, 3, activation="relu"),
                keras.layers.MaxPooling2D(4),
                keras.layers.Conv2D(64, 3, activation="relu"),
                keras.layers.MaxPooling2D(4),
                keras.layers.Conv2D(64, 3, padding="same"),
            ])
        """, lines=(8,)),
        # Valid padding: Keras refuses to build; the image size from a constant.
        Invalid("""
            import tensorflow as tf
            IMG = 32
            inputs = tf.keras.Input((IMG, IMG, 3))
            x = tf.keras.layers.Conv2D(16, 5, strides=4)(inputs)
            x = tf.keras.layers.MaxPooling2D(pool_size=(10, 10))(x)
            model = tf.keras.Model(inputs, x)
        """, lines=(5,)),
        # The shape comes from the data fed to fit; a dilated Conv1D.
        Invalid("""
            import numpy as np
            import keras
            x = np.random.rand(256, 16, 4).astype("float32")
            model = keras.Sequential([keras.layers.Conv1D(8, 5, dilation_rate=4),
                                      keras.layers.GlobalMaxPooling1D(),
                                      keras.layers.Dense(1)])
            model.compile(loss="mse")
            model.fit(x, np.random.rand(256), epochs=2)
        """, lines=(4,)),
    )


def _size(dims) -> str:
    return "x".join("?" if d is None else str(d) for d in dims)


def _effect(window) -> str:
    if window.padding == "valid":
        return ("with `padding=\"valid\"` the output size would be negative, so Keras refuses "
                "to build the model")
    if window.padding in ("same", "causal") and window.pooling:
        return ("with `padding=\"same\"` it passes silently: every window spans the whole map, "
                "so the layer is a global pooling in disguise")
    if window.padding in ("same", "causal"):
        return (f"with `padding=\"{window.padding}\"` it passes silently, but the kernel mostly "
                "covers zero padding beyond the border and learns from a handful of real values")
    return "the window does not fit in the map"
