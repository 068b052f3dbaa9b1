"""ClassFacts and LifecycleFacts: custom Keras classes, the file's Keras flavour, constructor
configs, trainable changes around compile/fit, serializations and fine-tuned bases; with the
cases where each must answer "unknown"."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from keraslint.analysis import FileFacts
from keraslint.analysis.classes import (
    ADD_WEIGHT, KERAS3, LAYER, LEGACY, MODEL, MODULE, TF_VARIABLE,
)


def facts_of(source: str) -> FileFacts:
    return FileFacts(cst.parse_module(textwrap.dedent(source)))


def only_class(source: str, name: str):
    facts = facts_of(source)
    found = [c for c in facts.classes.all if c.name == name]
    assert len(found) == 1
    return facts, found[0]


# -- flavour -----------------------------------------------------------------------------------
@pytest.mark.parametrize("source, flavour", [
    ("import keras\nclass A(keras.layers.Layer): pass\n", KERAS3),
    ("import tensorflow as tf\nclass A(tf.keras.layers.Layer): pass\n", KERAS3),
    ("from tensorflow.keras import layers\nx = layers.Dense(2)\n", KERAS3),
    ("import tf_keras as keras\nx = keras.layers.Dense(2)\n", LEGACY),
    ("import os\nos.environ['TF_USE_LEGACY_KERAS'] = '1'\nimport tensorflow as tf\n"
     "x = tf.keras.layers.Dense(2)\n", LEGACY),
    ("import os\nos.environ.setdefault('TF_USE_LEGACY_KERAS', '1')\nimport tensorflow as tf\n"
     "x = tf.keras.layers.Dense(2)\n", LEGACY),
    # Mixed, legacy reached through tf.compat.v1.keras, or no Keras at all: unknown.
    ("import keras\nimport tf_keras\nx = keras.layers.Dense(2)\n", None),
    ("import tensorflow as tf\nclass A(tf.keras.layers.Layer):\n"
     "  @tf.compat.v1.keras.utils.track_tf1_style_variables\n  def call(self, x):\n"
     "    return x\n", None),
    ("import tensorflow as tf\nx = tf.constant(1)\n", None),
    ("import numpy as np\n", None),
])
def test_flavour(source, flavour):
    assert facts_of(source).classes.flavour == flavour


def test_keras_name_says_tf_keras_since_216():
    assert "TensorFlow 2.16" in facts_of("import tensorflow as tf\nclass A(tf.keras.Model): pass\n"
                                         ).classes.keras_name
    assert facts_of("import keras\nclass A(keras.Model): pass\n").classes.keras_name == "Keras 3"


# -- classes -----------------------------------------------------------------------------------
def test_kinds_through_local_bases_and_completeness():
    facts = facts_of("""
        import keras
        import tensorflow as tf
        from .base import ProjectBase
        class Base(keras.layers.Layer):
            pass
        class Child(Base):
            pass
        class Net(keras.Model):
            pass
        class Mod(tf.Module):
            pass
        class Mixed(ProjectBase, keras.layers.Layer):
            pass
        class Plain:
            pass
        class DenseSub(keras.layers.Dense):
            pass
        class Metric(keras.metrics.Metric):
            pass
    """)
    kinds = {c.name: (c.kind, c.complete, c.pure) for c in facts.classes.all}
    assert kinds == {
        "Base": (LAYER, True, True), "Child": (LAYER, True, True), "Net": (MODEL, True, True),
        "Mod": (MODULE, True, False), "Mixed": (LAYER, False, True),
        "DenseSub": (LAYER, True, False),
    }


def test_get_config_known_only_for_pure_complete_classes():
    facts = facts_of("""
        import keras
        from .base import ProjectBase
        class A(keras.layers.Layer):
            pass
        class B(A):
            def get_config(self):
                return {}
        class C(B):
            pass
        class D(ProjectBase, keras.layers.Layer):
            pass
        class E(keras.layers.Dense):
            pass
    """)
    defines = {c.name: c.defines("get_config") for c in facts.classes.all}
    assert defines == {"A": False, "B": True, "C": True, "D": None, "E": None}


@pytest.mark.parametrize("init, expected", [
    ("super().__init__(**kwargs)", True),
    ("super(Layer1, self).__init__()", True),
    ("keras.layers.Layer.__init__(self)", True),
    ("self._setup()", True),  # `_setup` calls the base constructor
    ("self.units = 3", False),
    ("if kwargs: super().__init__()", True),  # some path calls it: not "never"
    ("init_layer(self)", None),  # `self` handed to code we cannot see
])
def test_super_init(init, expected):
    facts, cls = only_class(f"""
        import keras
        from helpers import init_layer
        class Layer1(keras.layers.Layer):
            def __init__(self, **kwargs):
                {init}
            def _setup(self):
                super().__init__()
    """, "Layer1")
    assert cls.super_init() is expected


def test_decorated_init_is_unknown():
    _, cls = only_class("""
        import keras
        from deco import wrap
        class L(keras.layers.Layer):
            @wrap
            def __init__(self):
                self.x = 1
    """, "L")
    assert cls.super_init() is None


def test_members_reads_forward_and_variables():
    _, cls = only_class("""
        import keras
        import tensorflow as tf
        class L(keras.layers.Layer):
            def __init__(self):
                super().__init__()
                self.dense = keras.layers.Dense(2)
                self.spare = keras.layers.Dense(3)
                w = tf.Variable(1.0)
                self.w = w
                self.ws = [tf.Variable(2.0) for _ in range(2)]
            def build(self, shape):
                self.k = self.add_weight(shape=(shape[-1],))
            def call(self, x):
                if self.b is None:
                    self.b = tf.Variable(0.0)
                return self.helper(self.dense(x))
            def helper(self, x):
                t = tf.Variable(x)
                return x * self.w
    """, "L")
    assert cls.forward_methods == {"call", "helper", "dense"}
    assert {"dense", "w", "b", "helper"} <= cls.reads() and "spare" not in cls.reads()
    found = {(v.kind, v.method, v.guarded, v.attribute) for v in cls.members.variables}
    assert found == {
        (TF_VARIABLE, "__init__", False, "w"), (TF_VARIABLE, "__init__", False, "ws"),
        (ADD_WEIGHT, "build", False, "k"), (TF_VARIABLE, "call", True, "b"),
        (TF_VARIABLE, "helper", False, None),
    }


def test_dynamic_attribute_access():
    _, cls = only_class("""
        import keras
        class L(keras.layers.Layer):
            def call(self, x):
                return getattr(self, self.name_of_layer)(x)
    """, "L")
    assert cls.dynamic
    _, cls = only_class("""
        import keras
        class L(keras.layers.Layer):
            def call(self, x):
                return getattr(self, "dense")(x)
    """, "L")
    assert not cls.dynamic and "dense" in cls.reads()


def test_foreign_attribute_reads():
    facts = facts_of("""
        import keras
        class L(keras.layers.Layer):
            def __init__(self):
                super().__init__()
                self.inner = keras.layers.Dense(2)
                self.other = keras.layers.Dense(2)
        def warm(self, x):
            return self.other(x)
        layer = L()
        y = getattr(layer, "third")
    """)
    read = facts.classes.read_elsewhere
    assert read("other") and read("third") and not read("inner")


# -- config inference ------------------------------------------------------------------------
CONFIG = """
    import keras
    import tensorflow as tf
    from lib import make
    class Block(keras.layers.Layer):
        def __init__(self, units, activation=None, init=keras.initializers.Ones(), **kwargs):
            super().__init__(**kwargs)
    b = {call}
"""


@pytest.mark.parametrize("call, flavour, blocker", [
    ("Block(3, activation='relu', init=None)", "keras", None),
    ("Block(3, activation=tf.nn.relu, init=None)", "keras", ("activation", False)),
    ("Block(keras.layers.Dense(2), init=None)", "keras", ("units", False)),
    ("Block(3, activation=lambda x: x, init=None)", "keras", ("activation", False)),
    ("Block([1, 2], name='b', init=None)", "keras", None),
    # Keras 3 records the defaults: the initializer object blocks every instance.
    ("Block(3)", "keras", ("init", True)),
    # tf_keras records only what is passed.
    ("Block(3)", "tf_keras", None),
    # Unknown values and unpacking: no answer.
    ("Block(make(), init=None)", "keras", None),
    ("Block(*args, init=None)", "keras", None),
])
def test_config_blocker(call, flavour, blocker):
    source = CONFIG.format(call=call)
    if flavour == "tf_keras":
        source = source.replace("import keras\n", "import tf_keras as keras\n")
    facts = facts_of(source)
    cls = facts.classes.all[0]
    found = facts.classes.config_blocker(cls, facts.classes.instances(cls)[0])
    assert (None if found is None else (found.parameter, found.default)) == blocker


# -- lifecycle: trainable changes ---------------------------------------------------------------
FINE_TUNE = """
    import {keras}
    base = keras.applications.ResNet50(include_top=False)
    inputs = keras.Input((224, 224, 3))
    model = keras.Model(inputs, keras.layers.Dense(2)(base(inputs, training=False)))
    model.compile(optimizer="adam", loss="mse")
    {between}
    base.trainable = True
    {after}
    model.fit(x, y)
"""


@pytest.mark.parametrize("keras, between, after, ignored", [
    ("keras", "model.fit(x, y)", "", True),
    ("keras", "", "", False),  # Keras 3 traces the step at the first fit: the change counts
    ("keras", "model.fit(x, y)", "model.compile(optimizer='adam', loss='mse')", False),
    ("tf_keras as keras", "", "", True),  # tf_keras restores compile's trainable state
    ("tf_keras as keras", "", "other.compile(loss='mse')", False),  # any compile: GAN idiom
])
def test_ignored_trainable_changes(keras, between, after, ignored):
    facts = facts_of(FINE_TUNE.format(keras=keras, between=between or "pass",
                                      after=after or "pass"))
    found = facts.lifecycle.ignored_trainable_changes
    assert bool(found) is ignored
    if found:
        assert found[0].model.name == "model" and found[0].change.value is True


def test_trainable_change_roots_through_loops_and_layers():
    facts = facts_of("""
        import keras
        base = keras.applications.ResNet50(include_top=False)
        for layer in base.layers[-10:]:
            layer.trainable = False
        base.get_layer("conv1").trainable = True
        model.trainable = flag
    """)
    changes = facts.lifecycle.trainable_changes
    assert [(c.root.name if c.root else None, c.value, c.through_layers) for c in changes][:2] == [
        ("base", False, True), ("base", True, True)]
    assert changes[2].root is None or changes[2].value is not True  # unknown value


# -- lifecycle: serializations -------------------------------------------------------------------
SAVED = """
    import {keras}
    class Wrap(keras.layers.Layer):
        def __init__(self, inner, **kwargs):
            super().__init__(**kwargs)
            self.inner = inner
    {program}
"""


@pytest.mark.parametrize("keras, program, saved", [
    ("keras", "m = keras.Sequential([keras.Input((3,)), Wrap(keras.layers.Dense(2))])\n"
              "    m.save('m.keras')", True),
    ("keras", "def build():\n        i = keras.Input((3,))\n"
              "        return keras.Model(i, Wrap(keras.layers.Dense(2))(i))\n"
              "    m = build()\n    m.save('m.keras')", True),
    ("keras", "m = keras.Sequential([keras.Input((3,)), Wrap(keras.layers.Dense(2))])\n"
              "    m.save_weights('m.weights.h5')", False),
    ("tf_keras as keras", "m = keras.Sequential([keras.Input((3,)), Wrap(keras.layers.Dense(2))])\n"
                          "    m.save('saved_model_dir')", False),
    ("tf_keras as keras", "m = keras.Sequential([keras.Input((3,)), Wrap(keras.layers.Dense(2))])\n"
                          "    m.save('m.h5')", True),
    ("keras", "m = keras.Sequential([keras.Input((3,)), Wrap(keras.layers.Dense(2))])\n"
              "    keras.models.clone_model(m)", True),
])
def test_serialization_of(keras, program, saved):
    facts = facts_of(SAVED.format(keras=keras, program=program))
    cls = facts.classes.all[0]
    instance = facts.classes.instances(cls)[0]
    assert (facts.lifecycle.serialization_of(instance) is not None) is saved


def test_fine_tuned_bases_need_freeze_unfreeze_fit_and_a_symbolic_call():
    source = """
        import keras
        base = keras.applications.EfficientNetB0(include_top=False)
        base.trainable = False
        print(base(batch).shape)
        inputs = keras.Input((224, 224, 3))
        x = base(keras.layers.Rescaling(1 / 255)(inputs))
        model = keras.Model(inputs, keras.layers.Dense(2)(x))
        model.compile(loss="mse")
        model.fit(ds)
        base.trainable = True
        model.compile(loss="mse")
        model.fit(ds)
    """
    found = facts_of(source).lifecycle.fine_tuned_bases
    assert len(found) == 1 and found[0].name == "EfficientNetB0"
    assert not facts_of(source.replace("base.trainable = True", "pass")).lifecycle.fine_tuned_bases
    assert not facts_of(source.replace("EfficientNetB0(include_top=False)",
                                       "EfficientNetB0(include_top=False, weights=None)")
                        ).lifecycle.fine_tuned_bases
