from keraslint.analysis.calls import argument_value
from keraslint.analysis.classes import KERAS3, LAYER, MODEL, TF_VARIABLE
from keraslint.rules.base import Invalid, Rule, Valid


class UntrackedTfVariable(Rule):
    """
    ## What it does
    Checks for a `tf.Variable` stored on a Keras 3 `Layer` or `Model` (`self.w = tf.Variable(...)`
    in `__init__`, `build` or any method, also inside a list or dict attribute).

    ## Why is this bad?
    Keras 3 tracks only its own variables (`self.add_weight(...)`, `keras.Variable`). A
    `tf.Variable` attribute is not in the layer's `weights` or `trainable_weights`: `fit`
    never updates it, an optimizer given `model.trainable_variables` never sees it, and
    `model.save(...)` / `save_weights(...)` do not store it, so a reloaded model starts from
    the initial value. Nothing warns. (Keras 2, `tf_keras`, tracked them; code written for it
    silently stops training these weights under Keras 3. Measured with Keras 3.15.1: a layer
    with `self.w = tf.Variable(...)` in `build` has 0 trainable weights and `w` is unchanged
    by `fit`; under `tf_keras` 2.21 it has 1 and trains.)

    Applies to files on Keras 3: `import keras`, or `tf.keras` (TensorFlow >= 2.16). A file
    importing `tf_keras`, or setting `TF_USE_LEGACY_KERAS`, is not reported; nor are
    `tf.Module` subclasses, which track `tf.Variable`s.

    Measured on real code (Keras examples, TensorFlow docs, tf-models-official, keras-hub,
    keras): 44 findings, 43 true on Keras 3 and 1 intended (a Keras test of TensorFlow's own
    SavedModel tracking). The 43 are in material written before Keras 3 (TensorFlow guides on
    modules and training loops, the compression tutorials, Keras examples such as VQ-VAE,
    DeiT, StyleGAN, and the masked-image-modeling mask token): run on TensorFlow >= 2.16 their
    `tf.Variable` weights are not trained. On their original Keras 2 they were tracked.

    ## Example
    ```python
    import keras
    import tensorflow as tf

    class Scale(keras.layers.Layer):
        def build(self, input_shape):
            self.w = tf.Variable(tf.ones((input_shape[-1],)))

        def call(self, x):
            return x * self.w
    ```

    ## Use instead
    ```python
    import keras

    class Scale(keras.layers.Layer):
        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")

        def call(self, x):
            return x * self.w
    ```

    ## Options
    None.

    ## References
    - [Keras 3 migration guide: `tf.Variable` as layer attributes](https://keras.io/guides/migrating_to_keras_3/)
    - [Keras: `Layer.add_weight`](https://keras.io/api/layers/base_layer/#addweight-method)
    """

    CODE = "KL808"
    NAME = "untracked-tf-variable"
    SUMMARY = ("A `tf.Variable` stored on a Keras 3 `Layer`/`Model`: never trained or saved "
               "(use `self.add_weight` or `keras.Variable`).")
    MESSAGE = ("`tf.Variable` stored in `self.{attr}` of `{cls}` (in `{method}`): {keras} does "
               "not track `tf.Variable` attributes, so it is not in `{cls}.{weights}`: "
               "{consequence}. Create it with `self.add_weight(...)` or `keras.Variable(...)`")

    def check(self, facts):
        if facts.classes.flavour != KERAS3:
            return
        for cls in facts.classes.all:
            if cls.kind not in (LAYER, MODEL):
                continue
            for created in cls.members.variables:
                if created.kind != TF_VARIABLE or created.attribute is None or created.decorated:
                    continue
                trainable = facts.values.literal(argument_value(created.call, "trainable", 1))
                if trainable is False:
                    weights = "weights"
                    consequence = ("`model.save(...)` and `save_weights(...)` do not store it, "
                                   "so a reloaded model starts from its initial value")
                else:
                    weights = "trainable_weights"
                    consequence = ("`fit` and an optimizer given `trainable_variables` never "
                                   "update it, and `model.save(...)`/`save_weights(...)` do not "
                                   "store it")
                yield self.report(created.call, keras=facts.classes.keras_name, cls=cls.name,
                                  attr=created.attribute,
                                  method=created.method, weights=weights,
                                  consequence=consequence)

    VALID = (
        Valid("""
            import keras
            class Scale(keras.layers.Layer):
                def build(self, input_shape):
                    self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")
                def call(self, x):
                    return x * self.w
        """),
        Valid("""
            import keras
            class Counter(keras.layers.Layer):
                def __init__(self, **kwargs):
                    super().__init__(**kwargs)
                    self.count = keras.Variable(0, trainable=False)
        """),
        # tf_keras tracks tf.Variable attributes.
        Valid("""
            import tensorflow as tf
            import tf_keras
            class Scale(tf_keras.layers.Layer):
                def build(self, input_shape):
                    self.w = tf.Variable(tf.ones((input_shape[-1],)))
        """),
        # tf.keras under TF_USE_LEGACY_KERAS is tf_keras.
        Valid("""
            import os
            os.environ["TF_USE_LEGACY_KERAS"] = "1"
            import tensorflow as tf
            class Scale(tf.keras.layers.Layer):
                def build(self, input_shape):
                    self.w = tf.Variable(tf.ones((input_shape[-1],)))
        """),
        # A tf.Module tracks its tf.Variables.
        Valid("""
            import tensorflow as tf
            class Linear(tf.Module):
                def __init__(self):
                    super().__init__()
                    self.w = tf.Variable(tf.zeros((3, 2)))
        """),
        # A tf.Variable that is not kept on the layer (a local constant in a method).
        Valid("""
            import keras
            import tensorflow as tf
            class Layer(keras.layers.Layer):
                def compute(self, x):
                    v = tf.Variable(1.0)
                    return x * v.numpy()
        """),
        # Not a Keras class.
        Valid("""
            import tensorflow as tf
            import keras
            class State:
                def __init__(self):
                    self.step = tf.Variable(0)
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            import tensorflow as tf
            class Scale(keras.layers.Layer):
                def build(self, input_shape):
                    self.w = tf.Variable(tf.ones((input_shape[-1],)))
                def call(self, x):
                    return x * self.w
        """, lines=(5,)),
        # tf.keras is Keras 3; a list of variables; a name stored later.
        Invalid("""
            import tensorflow as tf
            class Mix(tf.keras.Model):
                def __init__(self):
                    super().__init__()
                    self.alphas = [tf.Variable(0.5) for _ in range(3)]
                    w = tf.Variable(tf.zeros((4, 4)))
                    self.w = w
                def call(self, x):
                    return x @ self.w * self.alphas[0]
        """, lines=(5, 6)),
        # A non-trainable state variable is not saved either.
        Invalid("""
            import keras
            import tensorflow as tf
            class Step(keras.layers.Layer):
                def __init__(self):
                    super().__init__()
                    self.step = tf.Variable(0, trainable=False)
        """, lines=(6,)),
    )
