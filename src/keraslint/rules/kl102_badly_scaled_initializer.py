import math

from keraslint.analysis.initializers import is_off_center
from keraslint.rules.base import Invalid, Option, Rule, Valid

RELU_LIKE = frozenset({"relu", "relu6", "leaky_relu", "prelu", "elu", "selu", "gelu", "silu", "mish",
                       "hard_silu", "softplus", "thresholded_relu", "celu", "exponential"})
SATURATING = frozenset({"tanh", "sigmoid", "hard_sigmoid", "softmax", "log_softmax", "softsign",
                        "hard_tanh", "log_sigmoid"})


class BadlyScaledInitializer(Rule):
    """
    ## What it does
    Checks for zero-mean kernel initializers whose scale is far above the fan-in based one, on
    a layer whose output goes through a ReLU-like or saturating activation:
    `RandomNormal(stddev=1.0)`, `RandomUniform(-10, 10)`, `tf.random.normal(shape)` (standard
    deviation 1) in a hand-written initializer, on a `Dense`/`Conv`/recurrent layer with
    `activation="relu"`, `"tanh"`, `"sigmoid"`, `"softmax"`, `"elu"`, `"selu"`, `"gelu"`,
    `"swish"`, ... (its own `activation=`, or an `Activation`/`ReLU` layer right after it;
    recurrent layers use `tanh` by default), and on a custom layer's `add_weight`/`tf.Variable`
    kernel when its `call` certainly applies such an activation to the product with the kernel
    (`tf.nn.relu(tf.matmul(x, self.w) + self.b)`, `z = x @ self.w` then a single
    `return tf.tanh(z)`, or `self.activation(...)` set from a constructor argument that every
    instance in the file gives the same literal value).

    Reported when the standard deviation is at least `min-stddev` (default 1.0; a uniform
    bound of about 1.73) and at least `fan-in-margin` (default 3) times He's `sqrt(2 / fan_in)`
    for the fan-in the code states: `input_shape=`/`input_dim=`, the preceding `Input` or layer
    (through pooling, dropout, normalization, activation and `Reshape` layers), a custom
    layer's `input_shape[-1]` where each instance is applied, or a constructor argument of a
    `tf.Module` dense layer (`Dense(in_features=3, ...)`) at every instantiation. An unknown
    fan-in is not large: then only a lower bound counts (1 input; a convolution's kernel area;
    the channels a `Flatten` flattens), so N(0, 1) on a layer whose input size the code never
    states is not reported, while `uniform(-10, 10)` (std 5.8, over 3x He's scale even for a
    single input) still is. A relu-like `tf.Module` that is the only layer of its model, and a
    kernel the program replaces before training (`set_weights`, `load_weights`), are not
    reported either. Not reported: linear layers (no activation; a normalization layer
    between the kernel and its activation, as in Conv → BatchNormalization → ReLU, counts as
    linear here), Embedding tables (not kernels), fan-in scaled initializers (`glorot_*`, `he_*`, `lecun_*`, `VarianceScaling`,
    `Orthogonal`), and distributions centred off zero ([KL101](KL101.md) reports those).

    ## Why is this bad?
    A unit sums fan-in products, so its pre-activation has a standard deviation of about
    std·sqrt(fan_in) times its input's. Glorot & Bengio (2010) and He et al. (2015) choose
    std ≈ sqrt(1/fan_in) or sqrt(2/fan_in) so this factor is one; with std = 1 and a fan-in of
    256 it is 16 per layer. Saturating activations (`tanh`, `sigmoid`, `softmax`) are then
    pinned at their limits where gradients vanish; ReLU-like networks multiply the scale at
    every layer until activations and the initial loss explode. Keras accepts the initializer
    without a warning.

    ## Example
    ```python
    import keras

    layer = keras.layers.Dense(
        128, activation="tanh",
        kernel_initializer=keras.initializers.RandomNormal(stddev=1.0))
    ```

    ## Use instead
    ```python
    import keras

    layer = keras.layers.Dense(128, activation="tanh", kernel_initializer="glorot_uniform")
    ```

    ## Real code
    On the pinned real-code corpora (`scripts/realcode.py`: the Keras examples and guides,
    TensorFlow's tutorial and guide notebooks, the tf-models-official, keras-hub and keras
    wheels), no finding. Before issue 7: 4, all false (`tf.Module` dense layers whose fan-in, 3
    or 4 where they are instantiated, the rule did not know).

    ## Options
    - `min-stddev` (float, default 1.0): report standard deviations at least this large.
    - `fan-in-margin` (float, default 3.0): also require the standard deviation to be at least
      this many times He's `sqrt(2 / fan_in)` (for the known fan-in, or its lower bound), so that
      tiny layers (two or three inputs, as in XOR) whose fan-in scale really is about 1 are not
      reported.

    ## References
    - [Keras: layer weight initializers](https://keras.io/api/layers/initializers/)
    - [Glorot & Bengio (2010), Understanding the difficulty of training deep feedforward
      neural networks](https://proceedings.mlr.press/v9/glorot10a.html)
    - [He et al. (2015), Delving Deep into Rectifiers](https://arxiv.org/abs/1502.01852)
    """

    CODE = "KL102"
    NAME = "badly-scaled-initializer"
    SUMMARY = ("A zero-mean kernel initializer scaled far above fan-in (`stddev>=1`) on a ReLU "
               "or saturating layer.")
    MESSAGE = ("Kernel initializer `{init}` draws weights with {values} for a `{activation}` "
               "layer{fan_in}: {effect}; use a fan-in scaled initializer such as `{suggest}`")
    OPTIONS = (
        Option("min-stddev", 1.0, "Report standard deviations at least this large.", float),
        Option("fan-in-margin", 3.0,
               "With a known fan-in, also require std >= this many times sqrt(2 / fan_in).", float),
    )

    def check(self, facts):
        for use in facts.initializers.kernel_uses:
            dist, activation = use.distribution, use.activation
            if dist is None or dist.kind not in ("normal", "uniform") or dist.std is None:
                continue
            if is_off_center(dist) or dist.written_std < self.options["min-stddev"]:
                continue
            relu_like = activation in RELU_LIKE
            if not (relu_like or activation in SATURATING):
                continue
            fan_in = use.fan_in or use.min_fan_in
            if not fan_in or dist.std < self.options["fan-in-margin"] * math.sqrt(2 / fan_in):
                continue  # an unknown fan-in is not large: N(0, 1) is He's scale for fan-in 2
            if facts.models.kernel_replaced_by(use.layer) is not None or (relu_like and (
                    use.only_kernel or facts.models.only_kernel(use.layer))):
                continue  # not the kernel the model trains from, or no depth to explode over
            yield self.report(
                use.arg, init=dist.display, values=dist.describe_values(), activation=activation,
                fan_in=f" with fan-in {use.fan_in} (He scale {math.sqrt(2 / use.fan_in):.2g})"
                if use.fan_in else f" with fan-in at least {fan_in} (its kernel's area; He scale "
                                   f"at most {math.sqrt(2 / fan_in):.2g})",
                effect=("each layer multiplies the activation scale by about std x sqrt(fan-in), "
                        "so activations, gradients and the initial loss explode with depth")
                if relu_like else
                f"pre-activations land deep in `{activation}`'s flat tails, where gradients vanish",
                suggest="lecun_normal" if activation == "selu" else (
                    "he_normal" if relu_like else "glorot_uniform"),
            )

    VALID = (
        # A tf.Module dense layer drawing N(0, 1), instantiated with 3 inputs everywhere: He's
        # scale for a fan-in of 3 is 0.82 (TF's "introduction to modules" guide); and a
        # flexible one whose fan-in comes from the data at the first call: unknown, not large.
        Valid("""
            import tensorflow as tf
            class Dense(tf.Module):
                def __init__(self, in_features, out_features, name=None):
                    super().__init__(name=name)
                    self.w = tf.Variable(tf.random.normal([in_features, out_features]), name="w")
                    self.b = tf.Variable(tf.zeros([out_features]), name="b")
                def __call__(self, x):
                    return tf.nn.relu(tf.matmul(x, self.w) + self.b)
            class FlexibleDense(tf.Module):
                def __init__(self, out_features):
                    super().__init__()
                    self.is_built, self.out_features = False, out_features
                def __call__(self, x):
                    if not self.is_built:
                        self.w = tf.Variable(tf.random.normal([x.shape[-1], self.out_features]))
                        self.is_built = True
                    return tf.nn.relu(tf.matmul(x, self.w))
            class SequentialModule(tf.Module):
                def __init__(self):
                    super().__init__()
                    self.dense_1 = Dense(in_features=3, out_features=3)
                    self.dense_2 = Dense(in_features=3, out_features=2)
                    self.flexible = FlexibleDense(out_features=2)
                def __call__(self, x):
                    return self.flexible(self.dense_2(self.dense_1(x)))
        """),
        # No input size stated anywhere: N(0, 1) is He's scale for a fan-in of 2.
        Valid("""
            import keras
            unit_normal = keras.initializers.RandomNormal(stddev=1.0)
            hidden = keras.layers.Dense(64, activation="relu", kernel_initializer=unit_normal)
        """),
        # Fan-in scaled and small zero-mean initializers.
        Valid("""
            import keras
            model = keras.Sequential([
                keras.Input(shape=(784,)),
                keras.layers.Dense(256, activation="relu", kernel_initializer="he_normal"),
                keras.layers.Dense(256, activation="tanh", kernel_initializer="glorot_uniform"),
                keras.layers.Dense(128, activation="selu", kernel_initializer="lecun_normal"),
                keras.layers.Dense(64, activation="relu",
                                   kernel_initializer=keras.initializers.RandomNormal(stddev=0.05)),
                keras.layers.Dense(10, activation="softmax",
                                   kernel_initializer=keras.initializers.VarianceScaling(2.0)),
            ])
        """),
        # A linear layer: no activation to saturate or to compound through.
        Valid("""
            import keras
            head = keras.layers.Dense(1, kernel_initializer=keras.initializers.RandomNormal(stddev=1.0))
            proj = keras.layers.Dense(64, activation=None,
                                      kernel_initializer=keras.initializers.RandomNormal(stddev=1.0))
            lin = keras.layers.Dense(64, activation="linear",
                                     kernel_initializer=keras.initializers.RandomUniform(-2, 2))
        """),
        # Embedding tables are drawn from N(0, 1) on purpose: they are not kernels.
        Valid("""
            import tensorflow as tf
            emb = tf.keras.layers.Embedding(
                10000, 128, embeddings_initializer=tf.keras.initializers.RandomNormal(stddev=1.0))
        """),
        # A small declared fan-in: N(0, 1) is close to He's sqrt(2 / 2) = 1 (XOR), and within
        # 3x of sqrt(2 / 16) for a 16-feature input.
        Valid("""
            import keras
            model = keras.Sequential([
                keras.layers.Dense(4, activation="tanh", input_dim=2,
                                   kernel_initializer=keras.initializers.RandomNormal(stddev=1.0)),
                keras.layers.Dense(1, activation="sigmoid"),
            ])
            inputs = keras.Input(shape=(16,))
            x = keras.layers.Dense(64, activation="relu",
                                   kernel_initializer=keras.initializers.RandomNormal(stddev=1.0))(inputs)
        """),
        # A linear Dense followed by BatchNormalization, then the activation.
        Valid("""
            import keras
            from keras import layers
            inputs = keras.Input(shape=(32,))
            x = layers.Dense(64, kernel_initializer=keras.initializers.RandomNormal(stddev=1.0))(inputs)
            x = layers.BatchNormalization()(x)
            x = layers.Activation("relu")(x)
        """),
        # Unknown activation (a variable every caller sets) and unknown stddev.
        Valid("""
            import keras
            def block(units, act, std):
                return keras.layers.Dense(units, activation=act,
                                          kernel_initializer=keras.initializers.RandomNormal(stddev=std))
            a = block(64, "relu", 0.05)
            b = block(64, "tanh", 0.01)
        """),
        # An off-center initializer is KL101's.
        Valid("""
            import keras
            layer = keras.layers.Dense(64, activation="relu",
                                       kernel_initializer=keras.initializers.RandomNormal(mean=5.0, stddev=1.0))
        """),
        # Bias initializers are not kernels.
        Valid("""
            import keras
            layer = keras.layers.Dense(64, activation="relu",
                                       bias_initializer=keras.initializers.RandomNormal(stddev=1.0))
        """),
        # A custom layer's weight with no activation applied to its product.
        Valid("""
            import tensorflow as tf
            class Linear(tf.keras.layers.Layer):
                def build(self, input_shape):
                    self.w = self.add_weight(shape=(input_shape[-1], 32),
                                             initializer=tf.keras.initializers.RandomNormal(stddev=1.0))
                def call(self, x):
                    return tf.matmul(x, self.w)
        """),
        # Custom layers where the activation is not certain: something between the product and
        # the ReLU, two returns, instances with different activations, a weight also used
        # outside `call`.
        Valid("""
            import tensorflow as tf
            import keras
            big = keras.initializers.RandomNormal(stddev=1.0)
            class NoisyRelu(keras.layers.Layer):
                def build(self, input_shape):
                    self.w = self.add_weight(shape=(input_shape[-1], 64), initializer=big)
                def call(self, x):
                    return tf.nn.relu(tf.nn.dropout(x @ self.w, 0.1))
            class Switch(keras.layers.Layer):
                def build(self, input_shape):
                    self.w = self.add_weight(shape=(input_shape[-1], 64), initializer=big)
                def call(self, x, training=False):
                    z = tf.matmul(x, self.w)
                    if training:
                        return z
                    return tf.nn.relu(z)
            class Configurable(keras.layers.Layer):
                def __init__(self, units, activation=None):
                    super().__init__()
                    self.units = units
                    self.activation = keras.activations.get(activation)
                def build(self, input_shape):
                    self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer=big)
                def call(self, x):
                    return self.activation(x @ self.w)
            class Tied(keras.layers.Layer):
                def build(self, input_shape):
                    self.w = self.add_weight(shape=(input_shape[-1], 64), initializer=big)
                def decode(self, h):
                    return tf.matmul(h, self.w, transpose_b=True)
                def call(self, x):
                    return tf.nn.relu(x @ self.w)
            a, b = Configurable(64, "relu"), Configurable(10)
        """),
        # A custom ReLU layer with a small zero-mean scale, and one with a tiny stated fan-in.
        Valid("""
            import tensorflow as tf
            class Small(tf.keras.layers.Layer):
                def build(self, input_shape):
                    self.w = self.add_weight(shape=(input_shape[-1], 64),
                                             initializer=tf.keras.initializers.RandomNormal(stddev=0.05))
                def call(self, x):
                    return tf.nn.relu(x @ self.w)
            class Xor(tf.Module):
                def __init__(self):
                    self.w1 = tf.Variable(tf.random.normal([2, 4]))
                def __call__(self, x):
                    return tf.sigmoid(tf.matmul(x, self.w1))
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            layer = keras.layers.Dense(
                128, activation="tanh", input_shape=(784,),
                kernel_initializer=keras.initializers.RandomNormal(stddev=1.0))
        """, lines=(4,)),
        # No input size stated, but a scale no fan-in can justify: uniform(-10, 10) has a
        # standard deviation of 5.8, over 3x He's scale even for a single input (1.41).
        Invalid("""
            import keras
            layer = keras.layers.Dense(64, activation="relu",
                                       kernel_initializer=keras.initializers.RandomUniform(-10, 10))
        """, lines=(3,)),
        Invalid("""
            import tensorflow as tf
            model = tf.keras.Sequential([
                tf.keras.Input(shape=(784,)),
                tf.keras.layers.Dense(256, activation="relu",
                                      kernel_initializer=tf.keras.initializers.RandomUniform(-10, 10)),
                tf.keras.layers.Dense(10, activation="softmax",
                                      kernel_initializer=tf.random_normal_initializer(stddev=2.0)),
            ])
        """, lines=(5, 7)),
        # A hand-written initializer drawing from tf.random.normal's default N(0, 1).
        Invalid("""
            import tensorflow as tf
            from tensorflow.keras import layers
            def gaussian(shape, dtype=None):
                return tf.random.normal(shape, dtype=dtype)
            x_in = tf.keras.Input(shape=(64,))
            x = layers.Dense(128, activation=tf.nn.relu, kernel_initializer=gaussian)(x_in)
            x = layers.Dense(10, activation=tf.keras.activations.sigmoid,
                             kernel_initializer=lambda shape, dtype=None: tf.random.normal(shape))(x)
        """, lines=(6, 8)),
        # The activation comes from the next layer.
        Invalid("""
            import keras
            from keras import layers
            big = keras.initializers.RandomNormal(mean=0.0, stddev=1.0)
            model = keras.Sequential([
                layers.Dense(128, kernel_initializer=big, input_shape=(300,)),
                layers.Activation("relu"),
                layers.Dense(128, kernel_initializer=big),
                layers.ReLU(),
            ])
            inputs = keras.Input(shape=(256,))
            x = layers.Dense(64, kernel_initializer=big)(inputs)
            x = layers.Activation("tanh")(x)
        """, lines=(5, 7, 11)),
        # Recurrent layers apply tanh by default; strings and TF-native spellings.
        Invalid("""
            import tensorflow as tf
            wide = tf.keras.initializers.TruncatedNormal(stddev=2.0)
            lstm = tf.keras.layers.LSTM(64, input_shape=(None, 40), kernel_initializer=wide)
            conv = tf.keras.layers.Conv2D(32, 3, activation="relu", input_shape=(64, 64, 3),
                                          kernel_initializer=tf.compat.v1.random_normal_initializer())
        """, lines=(3, 5)),
        # NumPy standard normal in a function and through numpy's normal(0, 1).
        Invalid("""
            import numpy as np
            from tensorflow.keras.layers import Dense
            def init(shape, dtype=None):
                return np.random.randn(*shape).astype("float32")
            a = Dense(512, activation="sigmoid", input_shape=(784,), kernel_initializer=init)
            b = Dense(512, activation="elu", input_dim=300,
                      kernel_initializer=lambda s, dtype=None: np.random.normal(0.0, 1.0, s))
        """, lines=(5, 7)),
        # Recurrent kernel: fan-in is the unit count.
        Invalid("""
            import keras
            gru = keras.layers.GRU(64, recurrent_initializer=keras.initializers.RandomNormal(stddev=1.0))
        """, lines=(2,)),
        # Custom layers whose `call` applies an activation to the product with the kernel:
        # directly, through a bias, through a local name, or as `self.activation` set from a
        # constructor argument every instance in the file passes as the same literal.
        Invalid("""
            import tensorflow as tf
            import keras
            class TanhDense(keras.layers.Layer):
                def build(self, input_shape):
                    self.kernel = self.add_weight(
                        shape=(input_shape[-1], 256),
                        initializer=keras.initializers.RandomUniform(-3.0, 3.0))
                    self.bias = self.add_weight(shape=(256,), initializer="zeros")
                def call(self, inputs):
                    return keras.ops.tanh(keras.ops.matmul(inputs, self.kernel) + self.bias)
            class GatedUnit(keras.layers.Layer):
                def build(self, input_shape):
                    self.w = self.add_weight(shape=(input_shape[-1], 128),
                                             initializer=tf.random_normal_initializer(stddev=1.5))
                    self.b = self.add_weight(shape=(128,), initializer="zeros")
                def call(self, x):
                    z = tf.matmul(x, self.w)
                    z = tf.nn.bias_add(z, self.b)
                    return tf.nn.sigmoid(z)
            class MyDense(keras.layers.Layer):
                def __init__(self, units, activation=None):
                    super().__init__()
                    self.units = units
                    self.activation = keras.activations.get(activation)
                def build(self, input_shape):
                    self.w = self.add_weight(shape=(input_shape[-1], self.units),
                                             initializer=keras.initializers.RandomNormal(stddev=1.0))
                def call(self, x):
                    return self.activation(x @ self.w)
            inputs = keras.Input(shape=(512,))
            h, g = TanhDense()(inputs), GatedUnit()(inputs)
            model = keras.Sequential([keras.Input(shape=(256,)), MyDense(128, activation="relu")])
        """, lines=(7, 14, 27)),
        # A tf.Module MLP: N(0, 1) weights into ReLU and softmax, fan-in 784 and 256.
        Invalid("""
            import tensorflow as tf
            class MLP(tf.Module):
                def __init__(self):
                    self.W1 = tf.Variable(tf.random.normal([784, 256]))
                    self.b1 = tf.Variable(tf.zeros([256]))
                    self.W2 = tf.Variable(tf.random.normal([256, 10]))
                def __call__(self, x):
                    h = tf.nn.relu(tf.matmul(x, self.W1) + self.b1)
                    return tf.nn.softmax(tf.matmul(h, self.W2))
        """, lines=(4, 6)),
        # A builder's caller passes the initializer.
        Invalid("""
            import keras
            def block(x, units, init="he_normal"):
                return keras.layers.Dense(units, activation="relu", kernel_initializer=init)(x)
            inputs = keras.Input(shape=(100,))
            x = block(inputs, 64, init=keras.initializers.RandomNormal(stddev=5.0))
            x = block(x, 64)
        """, lines=(3,)),
        # ReLU applied before BatchNormalization: the layer still feeds its own ReLU, and the
        # kernel's gradient is about std x sqrt(fan-in) smaller, so it learns far slower.
        Invalid("""
            from tensorflow.keras import layers, initializers
            import tensorflow as tf
            model = tf.keras.Sequential([
                layers.Dense(64, activation="relu", input_shape=(784,),
                             kernel_initializer=initializers.RandomNormal(stddev=1.0)),
                layers.BatchNormalization(),
                layers.Dense(10, activation="softmax"),
            ])
        """, lines=(5,)),
    )
