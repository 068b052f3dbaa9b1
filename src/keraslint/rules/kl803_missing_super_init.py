import libcst as cst

from keraslint.analysis.classes import LAYER, MODEL
from keraslint.rules.base import Invalid, Rule, Valid


def _raises_at_once(init: cst.FunctionDef) -> bool:
    """A constructor that raises before doing anything (an abstract placeholder)."""
    return any(isinstance(small, cst.Raise) for statement in init.body.body
               if isinstance(statement, cst.SimpleStatementLine) for small in statement.body)


class MissingSuperInit(Rule):
    """
    ## What it does
    Checks for a custom Keras `Layer` or `Model` whose `__init__` never calls the base
    constructor: no `super().__init__(...)`, `super(Cls, self).__init__(...)` or
    `Base.__init__(self, ...)`, neither directly nor in a method `__init__` calls.

    ## Why is this bad?
    The base constructor sets up what Keras needs before the layer can be used: its name,
    dtype policy, weight tracking and the flag Keras checks on every call. Without it,
    Keras 3 raises `RuntimeError: In layer 'X', you forgot to call super().__init__() as the
    first statement in the __init__() method` the first time the layer is called or given a
    weight (`tf_keras`: "You must call `super().__init__()` in the layer constructor", or
    "It looks like you are subclassing `Model` and you forgot to call `super().__init__()`"
    as soon as a subclassed model sets an attribute). The class looks fine until the program
    first uses it.

    A constructor that calls the base only on some paths, hands `self` to a function we cannot
    see, is decorated, or belongs to a class with a base defined elsewhere in the project
    (which may call the Keras constructor itself) is not reported, nor a class that overrides
    `__call__` (Keras's own `__call__`, which checks the constructor ran, never runs; legacy
    detection heads in tf-models-official do this). `tf.Module` subclasses are not reported
    either: `tf.Module` still tracks variables without its constructor.

    Measured on real code (Keras examples, TensorFlow docs, tf-models-official, keras-hub,
    keras): no finding; the two legacy detection heads that override `__call__` were the only
    candidates.

    ## Example
    ```python
    import keras

    class Scale(keras.layers.Layer):
        def __init__(self, factor):
            self.factor = factor

        def call(self, x):
            return x * self.factor
    ```

    ## Use instead
    ```python
    import keras

    class Scale(keras.layers.Layer):
        def __init__(self, factor, **kwargs):
            super().__init__(**kwargs)
            self.factor = factor

        def call(self, x):
            return x * self.factor
    ```

    ## Options
    None.

    ## References
    - [Keras: making new layers and models via subclassing](https://keras.io/guides/making_new_layers_and_models_via_subclassing/)
    """

    CODE = "KL803"
    NAME = "missing-super-init"
    SUMMARY = "A custom `Layer`/`Model` `__init__` that never calls `super().__init__()`."
    MESSAGE = ("`{cls}.__init__` never calls `super().__init__()`: Keras raises RuntimeError "
               "(\"you forgot to call `super().__init__()`\") the first time the {kind} is "
               "{used}. Call `super().__init__(**kwargs)` as the first statement of `__init__`")

    def check(self, facts):
        for cls in facts.classes.all:
            if cls.kind not in (LAYER, MODEL):
                continue
            init = cls.members.methods.get("__init__")
            if init is None or cls.super_init() is not False or _raises_at_once(init):
                continue
            if cls.method("__call__") is not None:
                continue  # Keras's own `__call__`, which needs the base constructor, never runs
            used = "called or given a weight" if cls.kind == LAYER else "called or built"
            yield self.report(init, anchor=init.name, cls=cls.name,
                              kind="layer" if cls.kind == LAYER else "model", used=used)

    VALID = (
        Valid("""
            import keras
            class Scale(keras.layers.Layer):
                def __init__(self, factor, **kwargs):
                    super().__init__(**kwargs)
                    self.factor = factor
                def call(self, x):
                    return x * self.factor
        """),
        # Old spelling and the explicit base.
        Valid("""
            import tensorflow as tf
            class A(tf.keras.layers.Layer):
                def __init__(self):
                    super(A, self).__init__()
            class B(tf.keras.Model):
                def __init__(self):
                    tf.keras.Model.__init__(self)
                    self.d = tf.keras.layers.Dense(2)
                def call(self, x):
                    return self.d(x)
        """),
        # Through a local intermediate class whose constructor calls the base.
        Valid("""
            import keras
            class Base(keras.layers.Layer):
                def __init__(self, **kwargs):
                    super().__init__(**kwargs)
            class Child(Base):
                def __init__(self, units):
                    Base.__init__(self)
                    self.units = units
        """),
        # The base constructor is called in a helper the constructor calls.
        Valid("""
            import keras
            class Block(keras.layers.Layer):
                def __init__(self, units):
                    self._setup(units)
                def _setup(self, units):
                    super().__init__(name="block")
                    self.units = units
        """),
        # No `__init__` of its own: the base's runs.
        Valid("""
            import keras
            class Identity(keras.layers.Layer):
                def call(self, x):
                    return x
        """),
        # Called on one path only: not certain.
        Valid("""
            import keras
            class Maybe(keras.layers.Layer):
                def __init__(self, fast=False):
                    if not fast:
                        super().__init__()
        """),
        # A base from elsewhere in the project may call the Keras constructor.
        Valid("""
            import keras
            from .mixins import ConfigMixin
            class Layer(ConfigMixin, keras.layers.Layer):
                def __init__(self, units):
                    self.configure(units)
        """),
        # `self` handed to a function we cannot see.
        Valid("""
            import keras
            from .init import init_layer
            class Layer(keras.layers.Layer):
                def __init__(self):
                    init_layer(self)
        """),
        # tf.Module tracks variables without its constructor.
        Valid("""
            import tensorflow as tf
            class Linear(tf.Module):
                def __init__(self):
                    self.w = tf.Variable(tf.zeros((3, 2)))
        """),
        # An abstract constructor.
        Valid("""
            import keras
            class Abstract(keras.layers.Layer):
                def __init__(self):
                    raise NotImplementedError
        """),
        # `__call__` overridden: Keras's call machinery never runs.
        Valid("""
            import tensorflow as tf
            class Head(tf.keras.layers.Layer):
                def __init__(self, level):
                    self._level = level
                def __call__(self, features):
                    return features[self._level]
        """),
        # Not a Keras class.
        Valid("""
            class Plain:
                def __init__(self):
                    self.x = 1
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            class Scale(keras.layers.Layer):
                def __init__(self, factor):
                    self.factor = factor
                def call(self, x):
                    return x * self.factor
        """, lines=(3,)),
        # A subclassed model, tf.keras spelling.
        Invalid("""
            import tensorflow as tf
            class Net(tf.keras.Model):
                def __init__(self, classes):
                    self.head = tf.keras.layers.Dense(classes)
                def call(self, x):
                    return self.head(x)
        """, lines=(3,)),
        # A local base whose constructor forgets the call breaks every subclass.
        Invalid("""
            from tensorflow import keras
            class Base(keras.layers.Layer):
                def __init__(self, units):
                    self.units = units
            class Child(Base):
                def __init__(self, units):
                    super().__init__(units)
        """, lines=(3,)),
        # The call to a wrong base method does not count.
        Invalid("""
            import keras
            class Block(keras.layers.Layer):
                def __init__(self):
                    super().build(None)
                    self.d = keras.layers.Dense(4)
        """, lines=(3,)),
    )
