"""InitializerFacts: kernel uses and the distributions their initializers draw."""

from __future__ import annotations

import math
import textwrap

import libcst as cst
import pytest

from keraslint.analysis import FileFacts
from keraslint.analysis.initializers import CONSTANT, NORMAL, SCALED, UNIFORM, is_off_center

HEADER = """\
import functools
import numpy as np
import tensorflow as tf
import keras
from keras import layers, initializers
from tensorflow.keras import backend as K
"""


def facts_of(source: str) -> FileFacts:
    return FileFacts(cst.parse_module(HEADER + textwrap.dedent(source)))


def uses(source: str):
    facts = facts_of(source)
    return facts, facts.initializers.kernel_uses


def describe(init: str, prelude: str = ""):
    """The distribution of `init` given as a Dense kernel initializer."""
    facts, found = uses(prelude + f"\nlayer = layers.Dense(8, kernel_initializer={init})\n")
    assert len(found) == 1
    return found[0].distribution


def line_of(facts: FileFacts, node) -> int:
    return facts.code_range(node).start.line - HEADER.count("\n")


# -- built-ins ---------------------------------------------------------------------------------
@pytest.mark.parametrize("init, kind, mean, std", [
    ("initializers.RandomNormal(mean=5.0, stddev=0.05)", NORMAL, 5.0, 0.05),
    ("initializers.RandomNormal(1.0, 0.1)", NORMAL, 1.0, 0.1),
    ("initializers.RandomNormal()", NORMAL, 0.0, 0.05),
    ("tf.keras.initializers.TruncatedNormal(mean=1.0, stddev=1.0)", NORMAL, 1.0, 0.8796),
    ("initializers.RandomUniform(0, 1)", UNIFORM, 0.5, 1 / math.sqrt(12)),
    ("initializers.RandomUniform()", UNIFORM, 0.0, 0.1 / math.sqrt(12)),
    ("'random_normal'", NORMAL, 0.0, 0.05),
    ("'uniform'", UNIFORM, 0.0, 0.1 / math.sqrt(12)),
    ("'zeros'", CONSTANT, 0.0, 0.0),
    ("'ones'", CONSTANT, 1.0, 0.0),
    ("initializers.Constant(0.5)", CONSTANT, 0.5, 0.0),
    ("initializers.Constant()", CONSTANT, 0.0, 0.0),
    ("tf.zeros_initializer()", CONSTANT, 0.0, 0.0),
    ("tf.ones_initializer()", CONSTANT, 1.0, 0.0),
    ("tf.constant_initializer(2.0)", CONSTANT, 2.0, 0.0),
    ("tf.random_normal_initializer(mean=2.0)", NORMAL, 2.0, 0.05),
    ("tf.random_uniform_initializer(0.0, 2.0)", UNIFORM, 1.0, 2 / math.sqrt(12)),
    ("tf.compat.v1.random_normal_initializer()", NORMAL, 0.0, 1.0),
    ("tf.compat.v1.random_uniform_initializer()", UNIFORM, 0.5, 1 / math.sqrt(12)),
    ("initializers.RandomNormal(stddev=0.0, mean=0.3)", CONSTANT, 0.3, 0.0),
    ("keras.initializers.get('ones')", CONSTANT, 1.0, 0.0),
    ("initializers.RandomNormal", NORMAL, 0.0, 0.05),
])
def test_builtins(init, kind, mean, std):
    dist = describe(init)
    assert dist is not None and dist.kind == kind
    assert dist.mean == pytest.approx(mean) and dist.std == pytest.approx(std, rel=1e-3)


@pytest.mark.parametrize("init", ["'glorot_uniform'", "'he_normal'", "initializers.HeNormal()",
                                  "initializers.Orthogonal()", "initializers.VarianceScaling(2.0)",
                                  "tf.keras.initializers.lecun_normal()", "initializers.Identity()"])
def test_fan_scaled_initializers_are_scaled(init):
    dist = describe(init)
    assert dist.kind == SCALED and not is_off_center(dist)


# -- custom initializers -----------------------------------------------------------------------
@pytest.mark.parametrize("prelude, init, kind, mean, std", [
    ("def f(shape, dtype=None):\n    return np.random.random(shape)", "f", UNIFORM, 0.5, 1 / math.sqrt(12)),
    ("def f(shape, dtype=None):\n    return np.random.rand(*shape)", "f", UNIFORM, 0.5, 1 / math.sqrt(12)),
    ("def f(shape, dtype=None):\n    return np.random.uniform(0, 1, shape)", "f", UNIFORM, 0.5, 1 / math.sqrt(12)),
    ("def f(shape, dtype=None):\n    return np.random.normal(5, 1, shape)", "f", NORMAL, 5.0, 1.0),
    ("def f(shape, dtype=None):\n    return np.ones(shape) * 0.5", "f", CONSTANT, 0.5, 0.0),
    ("def f(shape, dtype=None):\n    w = tf.random.uniform(shape)\n    return tf.cast(w, dtype)",
     "f", UNIFORM, 0.5, 1 / math.sqrt(12)),
    ("def f(shape, dtype=None):\n    return (np.random.random(shape) - 0.5) * 0.1", "f", UNIFORM, 0.0, 0.1 / math.sqrt(12)),
    ("def f(shape, dtype=None):\n    return 2 * np.random.random(shape) - 1", "f", UNIFORM, 0.0, 2 / math.sqrt(12)),
    ("def f(shape, dtype=None, mean=5.0):\n    return K.random_normal(shape, mean=mean)", "f", NORMAL, 5.0, 1.0),
    ("", "lambda shape, dtype=None: tf.random.normal(shape, mean=3.0, dtype=dtype)", NORMAL, 3.0, 1.0),
    ("", "lambda shape, dtype=None: keras.random.uniform(shape, minval=-1.0, maxval=1.0)", UNIFORM, 0.0, 2 / math.sqrt(12)),
    ("", "lambda shape, dtype=None: tf.ones(shape)", CONSTANT, 1.0, 0.0),
    ("", "lambda s, dtype=None: np.random.randn(*s).astype('float32')", NORMAL, 0.0, 1.0),
    ("rng = np.random.default_rng(0)", "lambda s, dtype=None: rng.normal(2.0, 0.5, s)", NORMAL, 2.0, 0.5),
    ("", "functools.partial(tf.random.normal, mean=5.0)", NORMAL, 5.0, 1.0),
    ("", "functools.partial(np.random.normal, 0.0, 0.01)", NORMAL, 0.0, 0.01),
    ("def f(shape, dtype=None, mean=0.0):\n    return tf.random.normal(shape, mean=mean)",
     "functools.partial(f, mean=4.0)", NORMAL, 4.0, 1.0),
    ("", "lambda shape, dtype=None: initializers.RandomNormal(mean=5.0)(shape)", NORMAL, 5.0, 0.05),
    ("def make(mean, std=0.1):\n    return initializers.RandomNormal(mean, std)", "make(2.0)", NORMAL, 2.0, 0.1),
])
def test_custom_initializers(prelude, init, kind, mean, std):
    dist = describe(init, prelude)
    assert dist is not None and dist.kind == kind
    assert dist.mean == pytest.approx(mean) and dist.std == pytest.approx(std)


def test_initializer_subclass_reads_constructor_arguments():
    prelude = """
class Shifted(tf.keras.initializers.Initializer):
    def __init__(self, low=0.0, high=1.0):
        self.low = low
        self.high = high
    def __call__(self, shape, dtype=None, **kwargs):
        return tf.random.uniform(shape, minval=self.low, maxval=self.high, dtype=dtype)
"""
    assert describe("Shifted()", prelude).mean == pytest.approx(0.5)
    assert describe("Shifted(-2.0, 2.0)", prelude).mean == pytest.approx(0.0)
    assert describe("Shifted(high=3.0)", prelude).high == pytest.approx(3.0)
    assert describe("Shifted(*bounds)", prelude) is None


def test_runtime_factor_keeps_only_the_ratio():
    dist = describe("f", "def f(shape, dtype=None):\n    return np.random.rand(*shape) * np.sqrt(2.0 / shape[0])")
    assert dist.kind == UNIFORM and dist.mean is None and dist.ratio == pytest.approx(math.sqrt(3))
    assert is_off_center(dist)
    dist = describe("f", "def f(shape, dtype=None):\n    return np.random.randn(*shape) * np.sqrt(2.0 / shape[0])")
    assert dist.ratio == 0 and not is_off_center(dist)


@pytest.mark.parametrize("prelude, init", [
    ("", "config['init']"),
    ("", "initializers.RandomNormal(mean=m)"),
    ("", "initializers.Constant(np.eye(8))"),
    ("", "{'class_name': 'RandomNormal', 'config': {'mean': 5.0}}"),
    ("def f(shape, dtype=None):\n    if shape[0] > 3:\n        return np.zeros(shape)\n    return np.random.randn(*shape)", "f"),
    ("def f(shape, dtype=None):\n    return some_library.sample(shape)", "f"),
    ("def f(shape, dtype=None):\n    return np.random.random(shape) + np.random.random(shape)", "f"),
    ("init = 'zeros'\nif flag:\n    init = 'he_normal'", "init"),
    ("", "lambda shape, dtype=None: tf.random.normal(shape, mean=np.log(3))"),
])
def test_unresolvable_initializers_are_none(prelude, init):
    assert describe(init, prelude) is None


def test_off_center_threshold():
    assert is_off_center(describe("initializers.RandomUniform(0, 1)"))
    assert is_off_center(describe("initializers.RandomNormal(mean=0.05, stddev=0.05)"))
    assert not is_off_center(describe("initializers.RandomNormal(mean=0.01, stddev=0.05)"))
    assert not is_off_center(describe("initializers.RandomNormal(mean=0.0001, stddev=0.00001)"))
    assert is_off_center(describe("'ones'"))  # a non-zero constant: mean 1, no spread
    assert not is_off_center(describe("'zeros'"))
    assert not is_off_center(None)


# -- kernel uses -------------------------------------------------------------------------------
def test_layer_uses_roles_units_activation_and_fan_in():
    facts, found = uses("""
model = keras.Sequential([
    keras.Input(shape=(784,)),
    layers.Dense(64, activation="relu", kernel_initializer="zeros", bias_initializer="ones"),
    layers.Dense(32, kernel_initializer="ones"),
    layers.Activation("tanh"),
    layers.LSTM(16, recurrent_initializer="zeros"),
    layers.SeparableConv2D(8, 3, depthwise_initializer="ones", pointwise_initializer="zeros"),
    layers.Dense(10, "softmax", kernel_initializer="zeros"),
])
emb = layers.Embedding(100, 8, embeddings_initializer="zeros")
bn = layers.BatchNormalization(gamma_initializer="ones")
""")
    table = [(line_of(facts, u.arg), u.role, u.units, u.activation, u.fan_in, u.hidden) for u in found]
    assert table == [
        (4, "kernel", 64, "relu", 784, True),
        (5, "kernel", 32, "tanh", 64, True),
        (7, "recurrent", 16, "tanh", 16, True),
        (8, "depthwise", 8, "linear", 9, True),  # one 3x3 filter per channel
        (8, "pointwise", 8, "linear", 16, True),  # 1x1 over the LSTM's 16 features
        (9, "kernel", 10, "softmax", 8, False),
    ]


def test_functional_model_outputs_and_following_activation():
    facts, found = uses("""
inputs = keras.Input(shape=(32,))
x = layers.Dense(64, kernel_initializer="ones")(inputs)
x = layers.ReLU()(x)
y = layers.Dense(64, kernel_initializer="ones")(x)
y = layers.BatchNormalization()(y)
outputs = layers.Dense(3, kernel_initializer="zeros")(y)
model = keras.Model(inputs=inputs, outputs=outputs)
branch = layers.Dense(64, kernel_initializer="zeros")(x)
merged = layers.Add()([x, branch])
""")
    first, second, third, fourth = found
    assert (first.fan_in, first.activation, first.normalized_next, first.hidden) == (32, "relu", False, True)
    assert (second.activation, second.normalized_next, second.hidden) == ("linear", True, True)
    assert not third.hidden and not fourth.hidden


def test_builder_parameter_is_followed_to_callers():
    facts, found = uses("""
def block(x, units, init="he_normal"):
    return layers.Dense(units, activation="relu", kernel_initializer=init)(x)
def head(units, kernel_initializer=initializers.RandomNormal(mean=5.0)):
    return layers.Dense(units, kernel_initializer=kernel_initializer)
inputs = keras.Input(shape=(16,))
x = block(inputs, 64, init=initializers.RandomUniform(0, 1))
x = block(x, 32)
h = head(4)
""")
    table = sorted((line_of(facts, u.arg), u.distribution.kind, u.units, u.activation) for u in found)
    assert sorted(table, key=str) == sorted(
        [(3, SCALED, 32, "relu"), (3, UNIFORM, 32, "relu"), (5, NORMAL, 4, "linear")], key=str)


def test_add_weight_needs_two_dimensions_and_a_product():
    facts, found = uses("""
class Projection(keras.layers.Layer):
    def __init__(self, units):
        super().__init__()
        self.units = units
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="zeros")
        self.b = self.add_weight(shape=(self.units,), initializer="zeros")
        self.pos = self.add_weight(shape=(16, self.units), initializer="zeros")
        self.v = tf.Variable(tf.random.uniform([4, self.units]))
    def call(self, x):
        return tf.matmul(x, self.w) + self.b + self.pos + x @ self.v
layer = Projection(128)
def not_in_a_layer():
    w = tf.Variable(tf.random.uniform([784, 10]))
""")
    table = [(line_of(facts, u.arg), u.role, u.units, u.fan_in) for u in found]
    assert table == [(7, "weight", 128, None), (10, "weight", 128, 4)]
    assert found[1].distribution.kind == UNIFORM


def test_sign_constraints():
    facts, found = uses("""
a = layers.Dense(4, kernel_initializer="ones", kernel_constraint=keras.constraints.NonNeg())
b = layers.Dense(4, kernel_initializer="ones", kernel_constraint=keras.constraints.MaxNorm(3))
c = layers.Dense(4, kernel_initializer="ones", kernel_constraint=my_constraint)
d = layers.Dense(4, kernel_initializer="ones", kernel_constraint="max_norm")
e = layers.Dense(4, kernel_initializer="ones")
""")
    assert [u.sign_constrained for u in found] == [True, False, True, False, False]


def test_unknown_callee_with_kernel_initializer_is_a_use_with_unknown_layer_facts():
    facts, found = uses("""
layer = MyDense(64, activation="relu", kernel_initializer="zeros")
""")
    (use,) = found
    assert use.role == "kernel" and use.units is None and use.activation is None


def test_activation_names():
    facts = facts_of("x = [None, 'relu', tf.nn.leaky_relu, keras.activations.tanh, "
                     "layers.LeakyReLU(0.2), 'swish', my_act]\n")
    listed = facts.module.body[-1].body[0].value
    names = [facts.initializers.activation_name(e.value) for e in listed.elements]
    assert names == ["linear", "relu", "leaky_relu", "tanh", "leaky_relu", "silu", None]


def test_custom_weights_of_output_layers_and_single_layer_models():
    facts, found = uses("""
class Head(keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], 10), initializer="zeros")
    def call(self, x):
        return x @ self.w
class SoftmaxRegression(tf.Module):
    def __init__(self):
        self.W1 = tf.Variable(tf.zeros([784, 64]))
        self.W2 = tf.Variable(tf.zeros([64, 10]))
    def __call__(self, x):
        return tf.nn.softmax(tf.matmul(tf.matmul(x, self.W1), self.W2))
inputs = keras.Input(shape=(8,))
model = keras.Model(inputs, Head()(inputs))
""")
    assert [(line_of(facts, u.arg), u.units, u.hidden) for u in found] == [
        (4, 10, False), (9, 64, True), (10, 10, False)]


# -- custom layers: the activation `call` applies to a hand-made kernel -------------------------
CUSTOM_LAYER = """
class Custom(keras.layers.Layer):
    def __init__(self, units, activation=None):
        super().__init__()
        self.units = units
        self.activation = keras.activations.get(activation)
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="random_normal")
        self.b = self.add_weight(shape=(self.units,), initializer="zeros")
    def call(self, inputs):
{body}
"""


def weight_activation(body: str, instances: str = "layer = Custom(32)\n"):
    source = CUSTOM_LAYER.format(body=textwrap.indent(textwrap.dedent(body), " " * 8)) + instances
    facts, found = uses(source)
    (use,) = found
    return use.activation


@pytest.mark.parametrize("body, activation", [
    ("return tf.nn.relu(tf.matmul(inputs, self.w) + self.b)", "relu"),
    ("return tf.nn.relu(self.b + inputs @ self.w)", "relu"),
    ("return keras.ops.relu(keras.ops.matmul(inputs, self.w))", "relu"),
    ("return keras.activations.gelu(tf.nn.bias_add(inputs @ self.w, self.b))", "gelu"),
    ("return tf.tanh(tf.linalg.matmul(inputs, self.w))", "tanh"),
    ("return tf.sigmoid(inputs @ self.w)", "sigmoid"),
    ("return tf.nn.swish(inputs @ self.w)", "silu"),
    ("return tf.nn.softmax(inputs @ self.w + self.b, axis=-1)", "softmax"),
    ("z = tf.matmul(inputs, self.w) + self.b\nreturn tf.nn.elu(z)", "elu"),
    ("z = tf.matmul(inputs, self.w)\nz = z + self.b\nreturn tf.nn.relu(z)", "relu"),
    ("z = inputs @ self.w\nh = tf.nn.relu(z)\nreturn h", "relu"),
    ("h = tf.nn.relu(inputs @ self.w)\nreturn tf.concat([h, inputs], -1)", "relu"),
    # Not certain, or not an activation: None.
    ("return tf.matmul(inputs, self.w) + self.b", None),
    ("return tf.nn.relu(tf.nn.dropout(inputs @ self.w, 0.5))", None),
    ("return tf.nn.relu(inputs @ self.w + inputs)", None),
    ("z = inputs @ self.w\nif self.units > 4:\n    z = tf.nn.dropout(z, 0.5)\nreturn tf.nn.relu(z)", None),
    ("z = inputs @ self.w\nif self.units > 4:\n    return z\nreturn tf.nn.relu(z)", None),
    ("return tf.nn.relu(inputs @ self.w) + tf.nn.tanh(inputs @ self.w)", None),
    ("return tf.nn.relu(inputs @ self.w) + inputs @ self.w", None),
    ("return tf.nn.conv2d(inputs, self.w, 1, 'SAME')", None),
])
def test_custom_layer_kernel_activation(body, activation):
    assert weight_activation(body) == activation


def test_custom_layer_activation_attribute_needs_one_literal_for_every_instance():
    body = "return self.activation(tf.matmul(inputs, self.w) + self.b)"
    assert weight_activation(body, "a = Custom(32, activation='relu')\n"
                                   "b = Custom(16, 'relu')\n") == "relu"
    assert weight_activation(body, "a = Custom(32)\n") == "linear"
    assert weight_activation(body, "a = Custom(32, 'relu')\nb = Custom(16, 'tanh')\n") is None
    assert weight_activation(body, "a = Custom(32, activation=act)\n") is None
    assert weight_activation(body, "a = Custom(32, 'relu')\nb = Custom(16, **kw)\n") is None
    assert weight_activation(body, "") is None  # instantiated elsewhere
    assert weight_activation(body, "a = Custom(32, 'relu')\na.activation = tf.nn.tanh\n") is None
    assert weight_activation(body, "a = Custom(32, 'relu')\n"
                                   "class Sub(Custom):\n    pass\n") is None


def test_weight_multiplied_outside_call_has_no_activation():
    facts, found = uses("""
class Tied(keras.layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], 64), initializer="random_normal")
    def encode(self, x):
        return x @ self.w
    def call(self, x):
        return tf.nn.relu(x @ self.w)
""")
    assert found[0].activation is None


def test_activation_of_each_weight_of_a_two_layer_module():
    facts, found = uses("""
class MLP(tf.Module):
    def __init__(self):
        self.W1 = tf.Variable(tf.random.normal([784, 64]))
        self.W2 = tf.Variable(tf.random.normal([64, 10]))
    def __call__(self, x):
        return tf.nn.softmax(tf.matmul(tf.nn.relu(tf.matmul(x, self.W1)), self.W2))
""")
    assert [u.activation for u in found] == ["relu", "softmax"]


# -- layers built in methods from constructor attributes ------------------------------------------
TRAINER = """
class Trainer:
    def __init__(self, n_features, hidden=(64, 32)):
        self.n_features = n_features
        self.hidden = hidden
        self.model = self._build()
    def _build(self):
        inputs = keras.Input(shape=(self.n_features,))
        x = layers.Dense(self.hidden[0], activation="relu", kernel_initializer="ones")(inputs)
{loop}
"""
LOOP = """\
        for units in self.hidden[1:]:
            x = layers.Dense(units, activation="relu")(x)
        outputs = layers.Dense(1, activation="sigmoid")(x)
        return keras.Model(inputs, outputs)
"""


def trainer_use(loop: str = LOOP, instances: str = "t = Trainer(20)\n"):
    facts, found = uses(TRAINER.format(loop=loop.rstrip("\n")) + instances)
    (use,) = found
    return use.units, use.hidden


def test_units_from_a_constructor_default_and_hidden_through_a_loop():
    assert trainer_use() == (64, True)
    assert trainer_use(instances="a = Trainer(20)\nb = Trainer(8, hidden=(16,))\n") == (16, True)
    assert trainer_use(instances="t = Trainer(20, hidden=sizes)\n")[0] is None
    assert trainer_use(instances="")[0] is None  # no instance in this file
    assert trainer_use(instances="t = Trainer(20)\nt.hidden = (1,)\n")[0] is None
    assert trainer_use(instances="t = Trainer(20)\nclass Big(Trainer):\n    pass\n")[0] is None


@pytest.mark.parametrize("loop", [
    # The model ends at x: the loop may run zero times.
    LOOP.replace('outputs = layers.Dense(1, activation="sigmoid")(x)', "outputs = x"),
    # The loop's first statement is not a kernel layer reading x.
    LOOP.replace("x = layers.Dense(units", "x = layers.Dropout(0.1)(x)\n            x = layers.Dense(units"),
    # The loop target rebinds x; a `for ... else` runs more code before the head.
    LOOP.replace("for units in", "for x in"),
    LOOP.replace("        outputs", "        else:\n            x = x * 2\n        outputs"),
    # Something else between the first layer and the loop.
    "        x = x * 2\n" + LOOP,
])
def test_loop_shapes_that_do_not_certainly_feed_a_kernel_layer(loop):
    assert trainer_use(loop)[1] is False


# -- issue 7: layer lists built step by step, loops over literal widths, named layers ------------
def test_layers_appended_in_a_loop_over_literal_widths_are_hidden_with_known_units():
    facts, found = uses("""
        widths = [256, 128]
        stack = [keras.Input(shape=(64,))]
        for width in widths:
            stack.append(layers.Dense(width, activation="relu", kernel_initializer="zeros"))
            stack.append(layers.Dropout(0.2))
        stack.extend([layers.Dense(10, activation="softmax", kernel_initializer="zeros")])
        model = keras.Sequential(stack)
    """)
    table = [(line_of(facts, u.arg), u.units, u.hidden) for u in found]
    assert table == [(5, 128, True), (7, 10, False)]


def test_a_list_changed_in_other_ways_has_no_known_order():
    facts, found = uses("""
        stack = [layers.Dense(32, kernel_initializer="zeros")]
        stack.append(layers.Dense(10))
        stack.reverse()
        model = keras.Sequential(stack)
    """)
    assert not found[0].hidden


def test_named_layers_applied_once_have_a_place_in_the_graph():
    facts, found = uses("""
        inputs = keras.Input(shape=(8, 8, 512))
        fc6 = layers.Conv2D(4096, 7, padding="same", kernel_initializer=initializers.Constant(1.0))
        fc7 = layers.Conv2D(4096, 1, padding="same", kernel_initializer=initializers.Constant(1.0))
        shared = layers.Dense(4, kernel_initializer="zeros")
        x = fc7(fc6(inputs))
        x = layers.Conv2D(21, 1)(x)
        a, b = shared(x), shared(inputs)
    """)
    assert [u.hidden for u in found] == [True, True, False]


def test_custom_module_fan_in_from_its_instances_and_being_the_only_kernel():
    facts, found = uses("""
        class Dense(tf.Module):
            def __init__(self, in_features, out_features):
                self.w = tf.Variable(tf.random.normal([in_features, out_features]))
            def __call__(self, x):
                return tf.nn.relu(tf.matmul(x, self.w))
        class Stack(tf.Module):
            def __init__(self):
                self.a = Dense(in_features=3, out_features=3)
                self.b = Dense(3, 2)
            def __call__(self, x):
                return self.b(self.a(x))
        class LogisticRegression(tf.Module):
            def __init__(self):
                self.w = tf.Variable(tf.random.uniform([9, 1]))
            def __call__(self, x):
                return tf.sigmoid(tf.matmul(x, self.w))
        class Passed(tf.Module):
            def __init__(self):
                self.w = tf.Variable(tf.random.uniform([9, 1]))
            def __call__(self, x):
                return tf.matmul(x, self.w)
        class ExportModule(tf.Module):
            def __init__(self, model, norm):
                self.model, self.norm = model, norm
            def __call__(self, x):
                return self.model(self.norm(x))
        log_reg = LogisticRegression()
        probs = log_reg(tf.ones((2, 9)))
        export = ExportModule(model=log_reg, norm=lambda x: x / 2)
        passed = Passed()
        train(passed)
    """)
    table = [(u.fan_in, u.only_kernel) for u in found]
    assert table == [(3, False), (9, True), (9, False)]


def test_min_fan_in_of_a_convolution_and_after_a_flatten():
    facts, found = uses("""
        model = keras.Sequential([
            layers.Conv2D(32, 5, kernel_initializer="ones"),
            layers.Conv2D(64, 3, kernel_initializer="ones"),
            layers.Flatten(),
            layers.Dense(10, kernel_initializer="ones"),
        ])
    """)
    assert [(u.fan_in, u.min_fan_in) for u in found] == [(None, 25), (288, None), (None, 64)]
