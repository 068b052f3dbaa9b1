from keraslint.analysis.classes import ADD_WEIGHT, KERAS3, LAYER, LEGACY, MODEL, MODULE
from keraslint.rules.base import Invalid, Rule, Valid

_KERAS3_ADD_WEIGHT = (
    "Keras 3 builds the {kind} before its first call, so this raises ValueError (\"You cannot "
    "add new elements of state (variables or sub-layers) to a layer that is already built\") "
    "the first time `{cls}` runs")
_LEGACY_ADD_WEIGHT = (
    "it adds a new weight, freshly initialised, on every call: the weights pile up, each "
    "forward pass multiplies by new random values so nothing is learned, and under `fit` "
    "(a `tf.function`) TensorFlow rejects the creation with ValueError")
_VARIABLE = (
    "it creates a new variable, from its initial value, on every call: eagerly each forward "
    "pass starts from scratch so nothing is learned, and under `fit` or `tf.function` "
    "TensorFlow raises ValueError (the variable \"could not be lifted out of a `tf.function`\" "
    "or is not a singleton created on the first call)")


class WeightsInCall(Rule):
    """
    ## What it does
    Checks for a weight or variable created in the forward pass of a custom layer, model or
    `tf.Module`: `self.add_weight(...)`, `tf.Variable(...)` or `keras.Variable(...)` in
    `call()` (`__call__` for a `tf.Module`) or in a method `call()` calls.

    ## Why is this bad?
    The forward pass runs once per batch; state created there is created again every time.
    - Keras 3 builds a layer before its first `call` and then locks its state: `add_weight` in
      `call` raises `ValueError: You cannot add new elements of state ... to a layer that is
      already built`, even under an `if self.w is None:` guard (measured, Keras 3.15.1).
    - `tf_keras`: an unguarded `add_weight` adds a new randomly initialised weight per call;
      under `fit` TensorFlow rejects it.
    - `tf.Variable(...)` / `keras.Variable(...)` without a guard creates a fresh variable per
      call: eagerly nothing is learned (every pass starts from the initial value), and under
      `fit` or `tf.function` TensorFlow raises ValueError.

    Not reported: `add_weight` in `build()` (also when `call()` calls `build` lazily), and the
    lazy-creation idiom `if self.v is None: self.v = tf.Variable(...)` for `tf.Variable`s and,
    on `tf_keras`, for `add_weight` (on Keras 3 a `tf.Variable` attribute is KL808's case).
    `add_weight` is judged per Keras flavour, so a file whose Keras is unknown is reported only
    for unguarded `tf.Variable`s.

    Measured on real code (Keras examples, TensorFlow docs, tf-models-official, keras-hub,
    keras): one finding, intended (a Keras unit test asserting this very error); 100 % true or
    intended. The TF1-migration guide's `BrokenScalingLayer` (a decorated `call`) is not judged.

    ## Example
    ```python
    import keras

    class Scale(keras.layers.Layer):
        def call(self, x):
            w = self.add_weight(shape=(x.shape[-1],), initializer="ones")
            return x * w
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
    - [Keras: best practice, deferring weight creation until the shape of the inputs is known](https://keras.io/guides/making_new_layers_and_models_via_subclassing/#best-practice-deferring-weight-creation-until-the-shape-of-the-inputs-is-known)
    - [TensorFlow: `tf.function` and variable creation](https://www.tensorflow.org/guide/function#creating_tfvariables)
    """

    CODE = "KL802"
    NAME = "weights-in-call"
    SUMMARY = "`add_weight`/`tf.Variable` inside a custom layer's `call()`."
    MESSAGE = "`{created}` in `{cls}.{method}`, which runs on every forward pass: {effect}. {fix}"

    def check(self, facts):
        flavour = facts.classes.flavour
        for cls in facts.classes.all:
            forward = cls.forward_methods
            for created in cls.members.variables:
                if created.method not in forward or created.decorated:
                    continue
                effect = self._effect(created, cls.kind, flavour)
                if effect is None:
                    continue
                spelling = ("self.add_weight(...)" if created.kind == ADD_WEIGHT
                            else f"{created.kind}(...)")
                yield self.report(created.call, created=spelling, cls=cls.name,
                                  method=created.method,
                                  effect=effect.format(kind=_kind(cls.kind), cls=cls.name),
                                  fix=_fix(cls.kind))

    @staticmethod
    def _effect(created, kind, flavour):
        if created.kind == ADD_WEIGHT:
            if kind not in (LAYER, MODEL):
                return None
            if flavour == KERAS3:
                return _KERAS3_ADD_WEIGHT
            if flavour == LEGACY and not created.guarded:
                return _LEGACY_ADD_WEIGHT
            return None
        return None if created.guarded else _VARIABLE

    VALID = (
        Valid("""
            import keras
            class Scale(keras.layers.Layer):
                def build(self, input_shape):
                    self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")
                def call(self, x):
                    return x * self.w
        """),
        # A lazy build from call.
        Valid("""
            import keras
            class Scale(keras.layers.Layer):
                def build(self, input_shape):
                    self.w = self.add_weight(shape=(input_shape[-1],))
                def call(self, x):
                    if not self.built:
                        self.build(x.shape)
                    return x * self.w
        """),
        # The lazy-creation idiom of tf.function: a variable created on the first call only.
        Valid("""
            import tensorflow as tf
            class Dense(tf.Module):
                def __init__(self):
                    super().__init__()
                    self.w = None
                def __call__(self, x):
                    if self.w is None:
                        self.w = tf.Variable(tf.random.normal([x.shape[-1], 3]))
                    return x @ self.w
        """),
        # tf_keras: a guarded add_weight is the lazy-creation idiom.
        Valid("""
            import tf_keras as keras
            class Lazy(keras.layers.Layer):
                def __init__(self):
                    super().__init__()
                    self.w = None
                def call(self, x):
                    if self.w is None:
                        self.w = self.add_weight(shape=(x.shape[-1],))
                    return x * self.w
        """),
        # Variables created in __init__ or in a method call() does not reach.
        Valid("""
            import keras
            import tensorflow as tf
            class Layer(keras.layers.Layer):
                def __init__(self):
                    super().__init__()
                    self.w = keras.Variable(1.0)
                def reset(self):
                    return tf.Variable(0.0)
                def call(self, x):
                    return x * self.w
        """),
        # A decorated `call` (the TF1 migration shim tracks and reuses its variables).
        Valid("""
            import tensorflow as tf
            class Scaling(tf.keras.layers.Layer):
                @tf.compat.v1.keras.utils.track_tf1_style_variables
                def call(self, inputs):
                    var = tf.Variable(initial_value=2.0)
                    return inputs * var
        """),
        # Not a Keras or TF class.
        Valid("""
            import tensorflow as tf
            class Sampler:
                def call(self, x):
                    return tf.Variable(x)
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            class Scale(keras.layers.Layer):
                def call(self, x):
                    w = self.add_weight(shape=(x.shape[-1],), initializer="ones")
                    return x * w
        """, lines=(4,)),
        # Keras 3 rejects add_weight in call even under a guard.
        Invalid("""
            import tensorflow as tf
            class Lazy(tf.keras.layers.Layer):
                def __init__(self):
                    super().__init__()
                    self.w = None
                def call(self, x):
                    if self.w is None:
                        self.w = self.add_weight(shape=(x.shape[-1],))
                    return x * self.w
        """, lines=(8,)),
        # tf.Variable in a helper call() uses.
        Invalid("""
            import keras
            import tensorflow as tf
            class Noisy(keras.layers.Layer):
                def call(self, x):
                    return self.perturb(x)
                def perturb(self, x):
                    scale = tf.Variable(tf.ones_like(x))
                    return x * scale
        """, lines=(7,)),
        # A tf.Module creating its weight on every call.
        Invalid("""
            import tensorflow as tf
            class Linear(tf.Module):
                def __call__(self, x):
                    w = tf.Variable(tf.random.normal([x.shape[-1], 2]))
                    return tf.matmul(x, w)
        """, lines=(4,)),
        # tf_keras: unguarded add_weight in call.
        Invalid("""
            import tf_keras as keras
            class Scale(keras.layers.Layer):
                def call(self, x):
                    w = self.add_weight(shape=(x.shape[-1],))
                    return x * w
        """, lines=(4,)),
    )


def _kind(kind: str) -> str:
    return {LAYER: "layer", MODEL: "model", MODULE: "module"}[kind]


def _fix(kind: str) -> str:
    if kind == MODULE:
        return "Create the variable once, in `__init__` (or on the first call only)"
    return "Create the weight once, in `build(self, input_shape)` (or `__init__`)"
