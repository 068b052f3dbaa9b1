from keraslint.analysis.models import node_text
from keraslint.rules.base import Invalid, Rule, Valid


class IneffectivePooling(Rule):
    """
    ## What it does
    Checks for a pooling layer (`MaxPooling1D/2D/3D`, `AveragePooling1D/2D/3D`) that cannot
    down-sample: a `pool_size` of 1 with stride 1 (the strides default to the pool size), or a
    window applied to a feature map that is already 1 position wide on every spatial axis (as
    the static shapes of the model say), where the output equals the input.

    ## Why is this bad?
    The layer is the identity: it costs a pass over the tensor and suggests a reduction of the
    feature map that never happens, so the layers after it see a larger (or a 1x1) map than
    the author planned. It usually comes from a typo (`MaxPooling2D(1)` for `(2, 2)`), from a
    `pool_size` computed from a variable that ended up 1, or from a network that has already
    reduced the map to a single position.

    ## Example
    ```python
    import keras

    model = keras.Sequential([
        keras.Input((32, 32, 3)),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(pool_size=(1, 1)),
    ])
    ```

    ## Use instead
    ```python
    import keras

    model = keras.Sequential([
        keras.Input((32, 32, 3)),
        keras.layers.Conv2D(32, 3, activation="relu"),
        keras.layers.MaxPooling2D(pool_size=(2, 2)),
    ])
    ```

    ## Real code
    On the pinned real-code corpora (`scripts/realcode.py`: the Keras examples and guides,
    TensorFlow's tutorial and guide notebooks, the tf-models-official, keras-hub and keras
    wheels), no finding.

    ## Options
    None.

    ## References
    - [Keras: MaxPooling2D](https://keras.io/api/layers/pooling_layers/max_pooling2d/)
    """

    CODE = "KL813"
    NAME = "ineffective-pooling"
    SUMMARY = ("A pooling layer that cannot down-sample (`pool_size` 1 with stride 1, or a "
               "window on a 1x1 map).")
    MESSAGE = "{layer} {reason}: its output equals its input. {fix}"

    def check(self, facts):
        reported: set[int] = set()
        for _, node in facts.models.layer_nodes():
            if id(node.construction) in reported:
                continue
            window = facts.shapes.window(node)
            if window is None or not window.pooling:
                continue
            unit = all(w == 1 for w in window.size)
            if unit and window.strides is not None and all(s == 1 for s in window.strides):
                reason = f"pools {_size(window.size)} windows with stride 1"
                fix = "Use a pool size of 2 or more (or remove the layer)"
            elif all(d == 1 for d in window.spatial) and (unit or window.padding == "same"):
                reason = f"receives a {_size(window.spatial)} feature map"
                fix = "Remove it, or down-sample less before it"
            else:
                continue
            reported.add(id(node.construction))
            yield self.report(node.construction, layer=node_text(facts, node), reason=reason,
                              fix=fix)

    VALID = (
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Conv2D(8, 3),
                                      keras.layers.MaxPooling2D()])
        """),
        # Pool size 1 with stride 2 does down-sample (a strided subsampling).
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((32, 32, 3)),
                                      keras.layers.MaxPooling2D(pool_size=1, strides=2)])
        """),
        # Pooling along one axis only: (1, 2) down-samples the second.
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((32, 32, 3)),
                                      keras.layers.MaxPooling2D(pool_size=(1, 2))])
        """),
        # The pool size comes from configuration.
        Valid("""
            import keras
            size = config["pool"]
            model = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.MaxPooling2D(size)])
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            model = keras.Sequential([
                keras.Input((32, 32, 3)),
                keras.layers.Conv2D(32, 3, activation="relu"),
                keras.layers.MaxPooling2D(pool_size=(1, 1)),
            ])
        """, lines=(5,)),
        # A map already reduced to 1x1, pooled again with padding="same".
        Invalid("""
            import tensorflow as tf
            inputs = tf.keras.Input((4, 4, 16))
            x = tf.keras.layers.MaxPooling2D(4)(inputs)
            x = tf.keras.layers.MaxPooling2D(2, padding="same")(x)
            model = tf.keras.Model(inputs, x)
        """, lines=(4,)),
        Invalid("""
            from keras import layers
            POOL = 1
            def block(x):
                x = layers.Conv1D(16, 3)(x)
                return layers.AveragePooling1D(POOL)(x)
        """, lines=(5,)),
    )


def _size(dims) -> str:
    return "x".join("?" if d is None else str(d) for d in dims)
