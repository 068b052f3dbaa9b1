from keraslint.analysis.classes import KERAS3, LAYER, MODEL
from keraslint.analysis.layers import line_of, snippet
from keraslint.rules.base import Invalid, Rule, Valid

_HOW = {"save": "saves", "clone": "clones", "to_json": "serializes",
        "checkpoint": "saves, at the end of every epoch,"}


class MissingGetConfig(Rule):
    """
    ## What it does
    Checks for a custom layer or model without `get_config` whose constructor receives a value
    Keras cannot put in an automatic config, in a program that then saves, clones or
    serializes a model containing it.

    ## Why is this bad?
    Saving a model writes every layer's config. Without a `get_config` of its own, Keras uses
    the constructor arguments it recorded, but only when all of them are basic Python values
    (`str`, `int`, `float`, `bool`, `None`, and lists/tuples/dicts of them). A layer, a
    function such as `tf.nn.relu`, an initializer object, an array or a dtype passed to the
    constructor makes `model.save(...)` raise `NotImplementedError: Object X was created by
    passing non-serializable argument values in __init__(), and therefore the object must
    override get_config() in order to be serializable` — typically at the end of a long
    training run. Keras 3 also counts the constructor's *defaults*
    (`def __init__(self, activation=tf.nn.relu)` blocks every instance); `tf_keras` counts
    only the arguments passed.

    Reported only where it fails: the class (or a local base) defines neither `get_config`
    nor `from_config`, its bases are plain `Layer`/`Model`, some instance certainly receives a
    non-basic value, and that instance is a layer of a Sequential/functional model (or is the
    model) that the program saves to `.keras`/`.h5` (on Keras 3 every `save`), passes to
    `save_model`, `clone_model` or `to_json`, or checkpoints with `ModelCheckpoint` saving
    whole models. A layer inside a subclassed model is rebuilt by that model's constructor and
    never serialized; weights-only saves and SavedModel exports need no config.

    Measured on real code (Keras examples, TensorFlow docs, tf-models-official, keras-hub,
    keras): no finding.

    ## Example
    ```python
    import keras
    import tensorflow as tf

    class Block(keras.layers.Layer):
        def __init__(self, units, activation=tf.nn.relu, **kwargs):
            super().__init__(**kwargs)
            self.dense = keras.layers.Dense(units, activation=activation)

        def call(self, x):
            return self.dense(x)

    model = keras.Sequential([keras.Input((8,)), Block(16), keras.layers.Dense(1)])
    model.save("model.keras")
    ```

    ## Use instead
    ```python
    import keras
    import tensorflow as tf

    class Block(keras.layers.Layer):
        def __init__(self, units, activation=tf.nn.relu, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.activation = keras.activations.get(activation)
            self.dense = keras.layers.Dense(units, activation=self.activation)

        def call(self, x):
            return self.dense(x)

        def get_config(self):
            config = super().get_config()
            config.update(units=self.units,
                          activation=keras.activations.serialize(self.activation))
            return config
    ```

    ## Options
    None.

    ## References
    - [Keras: serialization and saving, custom objects](https://keras.io/guides/serialization_and_saving/)
    """

    CODE = "KL804"
    NAME = "missing-get-config"
    SUMMARY = ("A custom layer with constructor arguments but no `get_config`, where the Keras "
               "in use cannot infer it and the model is saved.")
    MESSAGE = ("`{cls}` defines no `get_config`, and {keras} cannot infer its config: {reason}, "
               "which is not a str, int, float, bool or None; `{save}` (line {line}) {how} a "
               "model containing it and raises NotImplementedError (\"{cls} was created by "
               "passing non-serializable argument values in `__init__()`\"). Add `get_config()` "
               "returning the constructor arguments (objects serialized with "
               "`keras.saving.serialize_keras_object`) and a matching `from_config()`")

    def check(self, facts):
        classes = facts.classes
        for cls in classes.all:
            if cls.kind not in (LAYER, MODEL) or not cls.pure or not cls.complete:
                continue
            if cls.defines("get_config") is not False or cls.defines("from_config") is not False:
                continue
            found = self._first_failure(facts, cls)
            if found is None:
                continue
            blocker, serialization = found
            if blocker.default:
                reason = (f"the default `{blocker.parameter}={snippet(facts, blocker.value)}` "
                          "of its constructor (Keras 3 records defaults too)")
            else:
                reason = (f"`{blocker.parameter}={snippet(facts, blocker.value)}` "
                          f"(line {line_of(facts, blocker.value)})")
            where = serialization.detail or serialization.node
            yield self.report(cls.node, anchor=cls.node.name, cls=cls.name,
                              keras="Keras 3" if classes.flavour == KERAS3 else "tf_keras",
                              reason=reason, save=snippet(facts, where, 50),
                              line=line_of(facts, where),
                              how=_HOW[serialization.how])

    @staticmethod
    def _first_failure(facts, cls):
        for instance in facts.classes.instances(cls):
            blocker = facts.classes.config_blocker(cls, instance)
            if blocker is None:
                continue
            serialization = facts.lifecycle.serialization_of(instance)
            if serialization is not None:
                return blocker, serialization
        return None

    VALID = (
        # Basic constructor arguments: Keras infers the config.
        Valid("""
            import keras
            class Block(keras.layers.Layer):
                def __init__(self, units, rate=0.1, **kwargs):
                    super().__init__(**kwargs)
                    self.dense = keras.layers.Dense(units)
                    self.drop = keras.layers.Dropout(rate)
                def call(self, x):
                    return self.drop(self.dense(x))
            model = keras.Sequential([keras.Input((8,)), Block(16, rate=0.2),
                                      keras.layers.Dense(1)])
            model.save("model.keras")
        """),
        # get_config defined.
        Valid("""
            import keras
            import tensorflow as tf
            class Block(keras.layers.Layer):
                def __init__(self, units, activation=tf.nn.relu, **kwargs):
                    super().__init__(**kwargs)
                    self.units = units
                    self.dense = keras.layers.Dense(units, activation=activation)
                def call(self, x):
                    return self.dense(x)
                def get_config(self):
                    return {**super().get_config(), "units": self.units}
            model = keras.Sequential([keras.Input((8,)), Block(16), keras.layers.Dense(1)])
            model.save("model.keras")
        """),
        # The model is never saved (weights only).
        Valid("""
            import keras
            import tensorflow as tf
            class Block(keras.layers.Layer):
                def __init__(self, units, activation=tf.nn.relu, **kwargs):
                    super().__init__(**kwargs)
                    self.dense = keras.layers.Dense(units, activation=activation)
                def call(self, x):
                    return self.dense(x)
            model = keras.Sequential([keras.Input((8,)), Block(16), keras.layers.Dense(1)])
            model.save_weights("model.weights.h5")
        """),
        # A layer inside a subclassed model is rebuilt by the model, not serialized.
        Valid("""
            import keras
            import tensorflow as tf
            class Block(keras.layers.Layer):
                def __init__(self, units, activation=tf.nn.relu, **kwargs):
                    super().__init__(**kwargs)
                    self.dense = keras.layers.Dense(units, activation=activation)
                def call(self, x):
                    return self.dense(x)
            class Net(keras.Model):
                def __init__(self):
                    super().__init__()
                    self.block = Block(16)
                    self.out = keras.layers.Dense(1)
                def call(self, x):
                    return self.out(self.block(x))
            model = Net()
            model.save("net.keras")
        """),
        # tf_keras records only the arguments passed; a SavedModel directory needs no config.
        Valid("""
            import tensorflow as tf
            import tf_keras as keras
            class Block(keras.layers.Layer):
                def __init__(self, units, activation=tf.nn.relu, **kwargs):
                    super().__init__(**kwargs)
                    self.dense = keras.layers.Dense(units, activation=activation)
                def call(self, x):
                    return self.dense(x)
            model = keras.Sequential([keras.Input((8,)), Block(16), keras.layers.Dense(1)])
            model.save("model.keras")
            other = keras.Sequential([keras.Input((8,)), Block(4, activation=tf.nn.tanh)])
            other.save("exported_model")
        """),
        # An argument of unknown kind.
        Valid("""
            import keras
            from config import make_activation
            class Block(keras.layers.Layer):
                def __init__(self, units, activation, **kwargs):
                    super().__init__(**kwargs)
                    self.dense = keras.layers.Dense(units, activation=activation)
                def call(self, x):
                    return self.dense(x)
            model = keras.Sequential([keras.Input((8,)), Block(16, make_activation())])
            model.save("model.keras")
        """),
        # A checkpoint saving weights only.
        Valid("""
            import keras
            class Wrap(keras.layers.Layer):
                def __init__(self, inner, **kwargs):
                    super().__init__(**kwargs)
                    self.inner = inner
                def call(self, x):
                    return self.inner(x)
            model = keras.Sequential([keras.Input((8,)), Wrap(keras.layers.Dense(4))])
            model.compile(loss="mse")
            ckpt = keras.callbacks.ModelCheckpoint("w.weights.h5", save_weights_only=True)
            model.fit(x, y, callbacks=[ckpt])
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            import tensorflow as tf
            class Block(keras.layers.Layer):
                def __init__(self, units, activation=tf.nn.relu, **kwargs):
                    super().__init__(**kwargs)
                    self.dense = keras.layers.Dense(units, activation=activation)
                def call(self, x):
                    return self.dense(x)
            model = keras.Sequential([keras.Input((8,)), Block(16), keras.layers.Dense(1)])
            model.save("model.keras")
        """, lines=(3,)),
        # A layer object passed in; functional model in a builder; checkpoint of whole models.
        Invalid("""
            import keras
            class Residual(keras.layers.Layer):
                def __init__(self, inner, **kwargs):
                    super().__init__(**kwargs)
                    self.inner = inner
                def call(self, x):
                    return x + self.inner(x)
            def build():
                inputs = keras.Input((8,))
                x = Residual(keras.layers.Dense(8))(inputs)
                return keras.Model(inputs, keras.layers.Dense(1)(x))
            model = build()
            model.compile(optimizer="adam", loss="mse")
            model.fit(x_train, y_train, callbacks=[keras.callbacks.ModelCheckpoint("best.keras")])
        """, lines=(2,)),
        # A subclassed model whose constructor takes a layer, saved itself.
        Invalid("""
            import tensorflow as tf
            class Classifier(tf.keras.Model):
                def __init__(self, backbone, classes):
                    super().__init__()
                    self.backbone = backbone
                    self.head = tf.keras.layers.Dense(classes)
                def call(self, x):
                    return self.head(self.backbone(x))
            model = Classifier(tf.keras.applications.MobileNetV2(include_top=False), 5)
            model.save("classifier.keras")
        """, lines=(2,)),
        # tf_keras: an object passed explicitly, saved to .h5.
        Invalid("""
            import tf_keras as keras
            class Scale(keras.layers.Layer):
                def __init__(self, init, **kwargs):
                    super().__init__(**kwargs)
                    self.init = init
            model = keras.Sequential([keras.Input((3,)), Scale(keras.initializers.Ones())])
            model.save("m.h5")
        """, lines=(2,)),
    )
