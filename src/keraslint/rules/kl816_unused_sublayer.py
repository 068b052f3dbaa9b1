import libcst as cst

from keraslint.analysis.classes import LAYER, MODEL
from keraslint.analysis.layers import snippet
from keraslint.rules.base import Invalid, Rule, Valid

_LAYER_FACTORIES = ("keras.Sequential", "keras.Model")
_NOT_LAYERS = frozenset({"InputLayer", "InputSpec"})
# Layers without weights: an unused one is never applied, but has nothing to train.
_WEIGHTLESS = frozenset({
    "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise",
    "GaussianDropout", "AlphaDropout", "Activation", "ReLU", "LeakyReLU", "ELU", "Softmax",
    "Flatten", "Reshape", "Permute", "RepeatVector", "Masking", "Identity",
    "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D",
    "AveragePooling3D", "MaxPool1D", "MaxPool2D", "MaxPool3D", "AvgPool1D", "AvgPool2D",
    "AvgPool3D", "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D",
    "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D", "UpSampling1D",
    "UpSampling2D", "UpSampling3D", "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D",
    "Cropping1D", "Cropping2D", "Cropping3D",
})


def _is_layer_construction(facts, value) -> bool:
    """A Keras layer, model or `keras.applications` network, or an instance of a local custom
    layer or model class (also as every element of a list, tuple or comprehension)."""
    if isinstance(value, (cst.List, cst.Tuple)):
        return bool(value.elements) and all(
            not isinstance(e, cst.StarredElement) and _is_layer_construction(facts, e.value)
            for e in value.elements)
    if isinstance(value, cst.ListComp):
        return _is_layer_construction(facts, value.elt)
    if not isinstance(value, cst.Call):
        return False
    name = facts.call_name(value)
    if name is not None:
        parts = name.split(".")
        return name in _LAYER_FACTORIES or (
            len(parts) == 3 and parts[0] == "keras" and parts[1] in ("layers", "applications")
            and parts[2][:1].isupper() and parts[2] not in _NOT_LAYERS)
    definition = facts.definition(value.func)
    if isinstance(definition, cst.ClassDef):
        local = facts.classes.of(definition)
        return local is not None and local.kind in (LAYER, MODEL)
    return False


class UnusedSublayer(Rule):
    """
    ## What it does
    Checks for a layer (or model) that a custom layer or subclassed model creates in
    `__init__` and stores on `self`, but that no code uses: no method of the class (or of a
    local base or subclass) reads the attribute, and nothing else in the file reads it either
    (`model.encoder`, `getattr(model, "encoder")`).

    ## Why is this bad?
    A sublayer that `call()` never runs is never built and never trained: the model silently
    computes something other than what `__init__` describes (a dropout or normalisation layer
    that is never applied, a projection the residual branch was meant to go through), and
    Keras 3 warns about unbuilt state only when saving. It is usually a wiring mistake: the
    forward pass uses another attribute, or a copy-pasted line.

    Not reported: a class that reaches its attributes by computed names (`getattr(self, name)`,
    `self.__dict__`, iterating `self.layers`), a class with a base defined elsewhere or with a
    protocol of its own (`Wrapper`, RNN cells, built-in layers), and an attribute read in any
    method, including `train_step` (GAN and VAE wrappers use their sub-models there, with no
    `call`) and methods called from outside.

    Measured on real code (Keras examples, TensorFlow docs, tf-models-official, keras-hub,
    keras): 6 findings, 3 true (keras-hub's Gemma and Gemma 3 decoder blocks create a
    feed-forward dropout they never apply; tf-models-official's TransformerXL an output
    dropout) and 3 intended (Keras unit tests that build unused sublayers on purpose).

    ## Example
    ```python
    import keras

    class Block(keras.layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.dense = keras.layers.Dense(units)
            self.norm = keras.layers.LayerNormalization()

        def call(self, x):
            return self.dense(x)
    ```

    ## Use instead
    ```python
    import keras

    class Block(keras.layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.dense = keras.layers.Dense(units)
            self.norm = keras.layers.LayerNormalization()

        def call(self, x):
            return self.norm(self.dense(x))
    ```

    ## Options
    None.

    ## References
    - [Keras: making new layers and models via subclassing](https://keras.io/guides/making_new_layers_and_models_via_subclassing/)
    """

    CODE = "KL816"
    NAME = "unused-sublayer"
    SUMMARY = ("A layer created in a subclassed model's or layer's `__init__` that `call()` "
               "never uses.")
    MESSAGE = ("`self.{attr} = {value}` is created in `{cls}.__init__`, but no method of `{cls}` "
               "and no code in this file uses `{attr}`: `{forward}` never applies it{weights}. "
               "Use it in `{forward}` or remove it")

    def check(self, facts):
        classes = facts.classes
        for cls in classes.all:
            if cls.kind not in (LAYER, MODEL) or not cls.pure or not cls.complete or cls.dynamic:
                continue
            subclasses = classes.subclasses(cls)
            if any(sub.dynamic or not sub.complete for sub in subclasses):
                continue
            read = cls.reads().union(*(sub.reads() for sub in subclasses))
            for attr, assignments in cls.members.assignments.items():
                if attr in read or classes.read_elsewhere(attr):
                    continue
                for assignment in assignments:
                    if assignment.method == "__init__" and _is_layer_construction(
                            facts, assignment.value):
                        yield self.report(assignment.statement, attr=attr,
                                          value=snippet(facts, assignment.value, 40),
                                          cls=cls.name, forward="call()",
                                          weights=_weights(facts, assignment.value))
                        break

    VALID = (
        Valid("""
            import keras
            class Block(keras.layers.Layer):
                def __init__(self, units, **kwargs):
                    super().__init__(**kwargs)
                    self.dense = keras.layers.Dense(units)
                    self.norm = keras.layers.LayerNormalization()
                def call(self, x):
                    return self.norm(self.dense(x))
        """),
        # A GAN wrapper: sub-models used in train_step, no call.
        Valid("""
            import keras
            class GAN(keras.Model):
                def __init__(self, discriminator, generator):
                    super().__init__()
                    self.discriminator = discriminator
                    self.generator = generator
                    self.seed = keras.layers.Dense(8)
                def train_step(self, data):
                    fake = self.generator(self.seed(data))
                    return {"d": self.discriminator(fake)}
        """),
        # Used in a helper method, in a subclass, and from outside.
        Valid("""
            import keras
            class Encoder(keras.Model):
                def __init__(self):
                    super().__init__()
                    self.proj = keras.layers.Dense(4)
                    self.head = keras.layers.Dense(2)
                    self.extra = keras.layers.Dense(3)
                def encode(self, x):
                    return self.proj(x)
                def call(self, x):
                    return self.encode(x)
            class Classifier(Encoder):
                def call(self, x):
                    return self.head(self.encode(x))
            model = Classifier()
            features = model.extra(x)
        """),
        # Layers reached by computed names.
        Valid("""
            import keras
            class Stack(keras.layers.Layer):
                def __init__(self, n):
                    super().__init__()
                    for i in range(n):
                        setattr(self, f"dense_{i}", keras.layers.Dense(4))
                    self.last = keras.layers.Dense(1)
                def call(self, x):
                    for i in range(self.n):
                        x = getattr(self, f"dense_{i}")(x)
                    return x
        """),
        # Layers iterated through self.layers.
        Valid("""
            import keras
            class Chain(keras.Model):
                def __init__(self):
                    super().__init__()
                    self.a = keras.layers.Dense(4)
                    self.b = keras.layers.Dense(2)
                def call(self, x):
                    for layer in self.layers:
                        x = layer(x)
                    return x
        """),
        # A functional model built in __init__ uses its layers there.
        Valid("""
            import keras
            class Backbone(keras.Model):
                def __init__(self):
                    self.embed = keras.layers.Dense(8)
                    inputs = keras.Input((4,))
                    super().__init__(inputs, self.embed(inputs))
        """),
        # A base defined elsewhere may use the attribute.
        Valid("""
            import keras
            from .base import BaseBlock
            class Block(BaseBlock):
                def __init__(self):
                    super().__init__()
                    self.norm = keras.layers.BatchNormalization()
        """),
        # Methods written outside the class and attached later (the TensorFlow time-series
        # tutorial's `FeedBack.warmup = warmup`); `input_spec` is no layer.
        Valid("""
            import tensorflow as tf
            class FeedBack(tf.keras.Model):
                def __init__(self, units):
                    super().__init__()
                    self.lstm_rnn = tf.keras.layers.RNN(tf.keras.layers.LSTMCell(units))
                    self.input_spec = tf.keras.layers.InputSpec(ndim=3)
            def warmup(self, inputs):
                return self.lstm_rnn(inputs)
            FeedBack.warmup = warmup
        """),
        # Not a layer: a plain value.
        Valid("""
            import keras
            class Scale(keras.layers.Layer):
                def __init__(self, factor):
                    super().__init__()
                    self.factor = factor
                def call(self, x):
                    return x
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            class Block(keras.layers.Layer):
                def __init__(self, units, **kwargs):
                    super().__init__(**kwargs)
                    self.dense = keras.layers.Dense(units)
                    self.norm = keras.layers.LayerNormalization()
                def call(self, x):
                    return self.dense(x)
        """, lines=(6,)),
        # A subclassed model whose dropout is never applied (tf.keras spelling).
        Invalid("""
            import tensorflow as tf
            class Net(tf.keras.Model):
                def __init__(self):
                    super().__init__()
                    self.hidden = tf.keras.layers.Dense(64, activation="relu")
                    self.dropout = tf.keras.layers.Dropout(0.5)
                    self.out = tf.keras.layers.Dense(10)
                def call(self, x, training=False):
                    return self.out(self.hidden(x))
        """, lines=(6,)),
        # A dropout created under a condition and never applied (a weightless layer).
        Invalid("""
            import keras
            class Block(keras.layers.Layer):
                def __init__(self, rate):
                    super().__init__()
                    self.dense = keras.layers.Dense(8)
                    if rate > 0:
                        self.attention_dropout = keras.layers.Dropout(rate)
                        self.feedforward_dropout = keras.layers.Dropout(rate)
                def call(self, x):
                    return self.attention_dropout(self.dense(x))
        """, lines=(8,)),
        # A list of blocks never iterated; a local layer class instance.
        Invalid("""
            import keras
            class Residual(keras.layers.Layer):
                def call(self, x):
                    return x
            class Net(keras.Model):
                def __init__(self):
                    super().__init__()
                    self.blocks = [keras.layers.Dense(8) for _ in range(3)]
                    self.skip = Residual()
                    self.out = keras.layers.Dense(1)
                def call(self, x):
                    return self.out(x)
        """, lines=(8, 9)),
    )


def _weights(facts, value) -> str:
    name = facts.call_name(value) if isinstance(value, cst.Call) else None
    if name is not None and name.rsplit(".", 1)[-1] in _WEIGHTLESS:
        return ""
    return " and its weights are never built or trained"
