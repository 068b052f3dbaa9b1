from keraslint.analysis.initializers import CONSTANT, format_ratio, is_off_center
from keraslint.rules.base import Invalid, Option, Rule, Valid


def _draws(dist) -> str:
    if dist.kind == CONSTANT:
        return f"sets every weight to {dist.describe_mean()} (a mean with no spread at all)"
    return (f"draws weights with {dist.describe_values()}, a mean {format_ratio(dist.ratio)}x "
            f"their spread")


class OffCenterInitializer(Rule):
    """
    ## What it does
    Checks for kernel initializers whose distribution is centred far from zero relative to its
    spread: `RandomNormal(mean=5.0)`, `RandomUniform(0, 1)`, a hand-written initializer
    returning `np.random.random(shape)` or `tf.random.normal(shape, mean=3.0)`, a
    `functools.partial` of such a sampler, or an `Initializer` subclass drawing from one.

    A kernel is the weight matrix a layer multiplies its input by: `kernel_initializer=` (and
    `recurrent_initializer=`, `depthwise_initializer=`, `pointwise_initializer=`) of a layer,
    and a two-or-more-dimensional `add_weight`/`tf.Variable` that a custom layer multiplies.
    Bias, BatchNormalization `gamma`/`beta`, one-dimensional scale vectors and Embedding tables
    are not kernels and are never checked. A kernel whose constraint may keep it positive
    (`NonNeg`, or a constraint keraslint cannot read) is not reported. A non-zero constant
    (`ones`, `Constant(0.5)`, `tf.ones_initializer()`) has its mean and no spread at all: it is
    reported here, and by [KL103](KL103.md) too when the layer has several units (zeros are
    KL103's alone).

    An initializer is judged with its fate: a kernel the program replaces before training
    (`layer.set_weights(...)`, `model.load_weights(...)`, `model.layers[k].set_weights(...)`,
    `layer.kernel.assign(...)`, a checkpoint restore; unconditionally, before any `fit`) is a
    placeholder, and the only kernel of a model (a single-layer linear or logistic regression,
    a `tf.Module` with one weight used on its own) has no depth for activations to grow
    through: neither is reported.

    The threshold: the mean is at least as large as the standard deviation (`mean-to-spread`,
    default 1.0) and at least 0.001 in absolute value (`min-abs-mean`). For an n x m kernel
    the mean contributes a rank-one matrix of norm |mean|·sqrt(n·m), the noise one of norm
    about std·(sqrt(n) + sqrt(m)), so at this ratio the shared direction already dominates any
    layer wider than a handful of units. `uniform(0, 1)` (mean 0.5, std 0.29, ratio 1.7) is
    reported; `RandomNormal(mean=0.01, stddev=0.05)` (ratio 0.2) is not.

    ## Why is this bad?
    Every unit's weights share the same positive (or negative) offset, so each layer's output
    is dominated by one direction, the sum of its inputs, and its magnitude grows with the
    fan-in layer after layer. Glorot & Bengio (2010) and He et al. (2015) derive initial
    weights with zero mean and a variance scaled by the fan-in precisely to keep activations
    and gradients at a constant scale. Keras accepts any callable as an initializer and says
    nothing: with `RandomUniform(0, 1)` kernels the initial loss of a small classifier is in
    the hundreds to thousands, and with `mean=5` initializers activations are 30-350x larger
    than with the default, one principal component carries about 95% of their variance and
    validation accuracy stays at 0.48 where the default reaches 0.90 (Keras 3.15).

    ## Example
    ```python
    import keras

    model = keras.Sequential([
        keras.Input(shape=(20,)),
        keras.layers.Dense(64, activation="relu",
                           kernel_initializer=keras.initializers.RandomUniform(0.0, 1.0)),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    ```

    ## Use instead
    ```python
    import keras

    model = keras.Sequential([
        keras.Input(shape=(20,)),
        keras.layers.Dense(64, activation="relu", kernel_initializer="he_normal"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    ```

    ## Real code
    On the pinned real-code corpora (`scripts/realcode.py`: the Keras examples and guides,
    TensorFlow's tutorial and guide notebooks, the tf-models-official, keras-hub and keras
    wheels), 180 findings, all intended: constant kernels pinned in the wheels' unit tests
    (176; see the `per-file-ignores` recipe in the README) and a serialization guide's demo
    layer (4); none false (precision 100 %). Before issue 7: 191 findings, 4 false (an FCN
    placeholder kernel overwritten by `set_weights` before training, and three single-layer
    regressions or demos).

    ## Options
    - `mean-to-spread` (float, default 1.0): report when |mean| / standard deviation is at
      least this.
    - `min-abs-mean` (float, default 0.001): never report a mean smaller than this in absolute
      value.

    ## References
    - [Keras: layer weight initializers](https://keras.io/api/layers/initializers/)
    - [Glorot & Bengio (2010), Understanding the difficulty of training deep feedforward
      neural networks](https://proceedings.mlr.press/v9/glorot10a.html)
    - [He et al. (2015), Delving Deep into Rectifiers](https://arxiv.org/abs/1502.01852)
    """

    CODE = "KL101"
    NAME = "off-center-initializer"
    SUMMARY = ("A kernel initializer whose mean is far from zero relative to its spread "
               "(`mean=5`, `uniform(0, 1)`).")
    MESSAGE = ("Kernel initializer `{init}` {draws}: activations grow layer by layer and one "
               "direction dominates; use a zero-mean initializer such as `glorot_uniform` or "
               "`he_normal`")
    OPTIONS = (
        Option("mean-to-spread", 1.0, "Report when |mean| / standard deviation is at least this.",
               float),
        Option("min-abs-mean", 0.001, "Never report a mean smaller than this in absolute value.",
               float),
    )

    def check(self, facts):
        for use in facts.initializers.kernel_uses:
            dist = use.distribution
            if use.sign_constrained or not is_off_center(
                    dist, self.options["mean-to-spread"], self.options["min-abs-mean"]):
                continue
            if use.only_kernel or facts.models.only_kernel(use.layer) \
                    or facts.models.kernel_replaced_by(use.layer) is not None:
                continue  # no depth to grow through, or not the kernel the model trains from
            yield self.report(use.arg, init=dist.display, draws=_draws(dist))

    VALID = (
        # Placeholder kernels overwritten with pretrained weights before training (an FCN head
        # re-expressing VGG's fully connected layers as convolutions), then frozen.
        Valid("""
            import keras
            vgg = keras.applications.VGG19(include_top=True, weights="imagenet")
            convs = []
            for i, filters in enumerate([4096, 4096]):
                placeholder = keras.initializers.Constant(1.0)
                convs.append(keras.layers.Conv2D(filters, 7 if i == 0 else 1, activation="relu",
                                                 kernel_initializer=placeholder))
                convs.append(keras.layers.Dropout(0.5))
            head = keras.Sequential(convs)
            head.trainable = False
            fc1, fc2 = vgg.get_layer("fc1").get_weights()[0], vgg.get_layer("fc2").get_weights()[0]
            head.layers[0].set_weights([fc1.reshape(7, 7, 512, 4096)])
            head.layers[2].set_weights([fc2.reshape(1, 1, 4096, 4096)])
        """),
        # A checkpoint restores every weight before training resumes.
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((64,)),
                                      keras.layers.Dense(256, activation="relu",
                                                         kernel_initializer="ones"),
                                      keras.layers.Dense(10)])
            model.load_weights("checkpoints/last.weights.h5")
            model.compile(optimizer="adam", loss="mse")
            model.fit(x, y)
        """),
        # Single-layer models: a linear regression, and TF's core-API logistic regression.
        Valid("""
            import tensorflow as tf
            linear = tf.keras.Sequential([tf.keras.Input(shape=(1,)),
                                          tf.keras.layers.Dense(1, kernel_initializer="ones")])
            class LogisticRegression(tf.Module):
                def __init__(self):
                    self.built = False
                def __call__(self, x):
                    if not self.built:
                        self.w = tf.Variable(tf.random.uniform(shape=[x.shape[-1], 1], seed=22))
                        self.b = tf.Variable(tf.random.uniform(shape=[], seed=22))
                        self.built = True
                    return tf.sigmoid(tf.squeeze(tf.matmul(x, self.w) + self.b, axis=1))
            log_reg = LogisticRegression()
            predictions = log_reg(tf.random.normal((8, 9)))
        """),
        # Zero-mean built-ins with a sensible scale, strings and fan-in scaled initializers.
        Valid("""
            import keras
            from keras import layers, initializers
            model = keras.Sequential([
                keras.Input(shape=(20,)),
                layers.Dense(64, activation="relu", kernel_initializer="he_normal"),
                layers.Dense(64, activation="tanh", kernel_initializer=initializers.GlorotUniform()),
                layers.Dense(32, kernel_initializer=initializers.Orthogonal()),
                layers.Dense(32, kernel_initializer=initializers.RandomNormal(stddev=0.02)),
                layers.Dense(1, kernel_initializer="random_uniform"),
            ])
        """),
        # A small mean next to a larger spread (ratio 0.2) is not off-center.
        Valid("""
            import tensorflow as tf
            dense = tf.keras.layers.Dense(
                32, kernel_initializer=tf.keras.initializers.RandomNormal(mean=0.01, stddev=0.05))
        """),
        # Bias, BatchNorm gamma and PReLU alpha initializers are not kernels.
        Valid("""
            from tensorflow.keras import layers, initializers
            block = [
                layers.Dense(64, activation="relu", bias_initializer=initializers.Constant(0.1)),
                layers.Dense(64, bias_initializer=initializers.RandomUniform(0.0, 0.1)),
                layers.BatchNormalization(gamma_initializer=initializers.RandomNormal(mean=1.0, stddev=0.02)),
                layers.LayerNormalization(gamma_initializer="ones"),
                layers.PReLU(alpha_initializer=initializers.Constant(0.25)),
            ]
        """),
        # A one-dimensional weight is a scale vector, not a kernel.
        Valid("""
            import tensorflow as tf
            class Scale(tf.keras.layers.Layer):
                def build(self, input_shape):
                    self.gamma = self.add_weight(
                        shape=(input_shape[-1],),
                        initializer=tf.keras.initializers.RandomNormal(mean=1.0, stddev=0.02))
                def call(self, x):
                    return x * self.gamma
        """),
        # A 2-D weight that is never multiplied (a Bayesian rho fed to softplus) is not a kernel.
        Valid("""
            import tensorflow as tf
            class BayesDense(tf.keras.layers.Layer):
                def build(self, input_shape):
                    self.rho = self.add_weight(
                        shape=(input_shape[-1], 16),
                        initializer=tf.keras.initializers.RandomNormal(mean=-3.0, stddev=0.1))
                def call(self, x):
                    return tf.nn.softplus(self.rho)
        """),
        # Monotonic networks keep kernels non-negative on purpose.
        Valid("""
            import keras
            layer = keras.layers.Dense(
                16, kernel_initializer=keras.initializers.RandomUniform(0.0, 0.1),
                kernel_constraint=keras.constraints.NonNeg())
        """),
        # Hand-written zero-mean initializers: He in NumPy, symmetric uniform, partial, lambda.
        Valid("""
            import functools
            import numpy as np
            import tensorflow as tf
            def he_numpy(shape, dtype=None):
                return np.random.randn(*shape) * np.sqrt(2.0 / shape[0])
            small = functools.partial(tf.random.normal, mean=0.0, stddev=0.01)
            model = tf.keras.Sequential([
                tf.keras.layers.Dense(64, activation="relu", kernel_initializer=he_numpy),
                tf.keras.layers.Dense(64, activation="relu", kernel_initializer=small),
                tf.keras.layers.Dense(10, kernel_initializer=lambda shape, dtype=None:
                                      (np.random.random(shape) - 0.5) * 0.1),
            ])
        """),
        # An Initializer subclass whose range is symmetric.
        Valid("""
            import tensorflow as tf
            class Symmetric(tf.keras.initializers.Initializer):
                def __init__(self, limit=0.05):
                    self.limit = limit
                def __call__(self, shape, dtype=None, **kwargs):
                    return tf.random.uniform(shape, -self.limit, self.limit, dtype=dtype)
            layer = tf.keras.layers.Dense(8, kernel_initializer=Symmetric(0.1))
        """),
        # Unresolvable: a parameter every caller sets differently, a config value.
        Valid("""
            import keras
            def make(units, init):
                return keras.layers.Dense(units, kernel_initializer=init)
            def build(config, init):
                return make(64, init)
            layer = keras.layers.Dense(8, kernel_initializer=config["init"])
        """),
        # A zero constant has mean 0: symmetric (KL103), not off-center.
        Valid("""
            import keras
            a = keras.layers.Dense(64, kernel_initializer="zeros")
            b = keras.layers.Dense(64, kernel_initializer=keras.initializers.Constant(0.0))
        """),
        # Embedding tables are looked up, not multiplied.
        Valid("""
            import keras
            emb = keras.layers.Embedding(1000, 64, embeddings_initializer=keras.initializers.RandomUniform(0, 1))
        """),
        # A name rebound in a branch is uncertain.
        Valid("""
            import keras
            init = "glorot_uniform"
            if use_shift:
                init = keras.initializers.RandomNormal(mean=5.0)
            layer = keras.layers.Dense(8, kernel_initializer=init)
        """),
    )
    INVALID = (
        # Replaced too late: the weights are loaded after training from the placeholders, or
        # only under a condition; a layer that is not the one overwritten.
        Invalid("""
            import keras
            fc6 = keras.layers.Conv2D(4096, 7, activation="relu",
                                      kernel_initializer=keras.initializers.Constant(1.0))
            fc7 = keras.layers.Conv2D(4096, 1, activation="relu",
                                      kernel_initializer=keras.initializers.Constant(1.0))
            inputs = keras.Input(shape=(7, 7, 512))
            model = keras.Model(inputs, keras.layers.Conv2D(21, 1)(fc7(fc6(inputs))))
            fc6.set_weights([pretrained_fc6])
            model.fit(x, y)
            model.load_weights("best.weights.h5")
            if resume:
                fc7.set_weights([pretrained_fc7])
        """, lines=(5,)),
        # Non-zero constants: the mean with no spread.
        Invalid("""
            import keras
            a = keras.layers.Dense(64, kernel_initializer="ones")
            b = keras.layers.Dense(64, kernel_initializer=keras.initializers.Constant(0.5))
            c = keras.layers.Dense(1, kernel_initializer=keras.initializers.Constant(5.0))
        """, lines=(2, 3, 4)),
        Invalid("""
            import keras
            shifted = keras.initializers.RandomNormal(mean=5.0, stddev=0.05)
            inputs = keras.Input(shape=(8,))
            x = keras.layers.Dense(64, activation="relu", kernel_initializer=shifted)(inputs)
            x = keras.layers.Dense(64, activation="relu",
                                   kernel_initializer=shifted)(x)
        """, lines=(4, 6)),
        Invalid("""
            import tensorflow as tf
            model = tf.keras.Sequential([
                tf.keras.layers.Dense(64, activation="relu",
                    kernel_initializer=tf.keras.initializers.RandomUniform(minval=0.0, maxval=1.0)),
                tf.keras.layers.Dense(1, activation="sigmoid"),
            ])
        """, lines=(4,)),
        Invalid("""
            import numpy as np
            from tensorflow.keras.layers import Dense
            from tensorflow.keras.models import Sequential
            def my_init(shape, dtype=None):
                return np.random.random(shape)
            model = Sequential()
            model.add(Dense(256, activation="relu", input_shape=(784,), kernel_initializer=my_init))
            model.add(Dense(10, activation="softmax"))
        """, lines=(7,)),
        Invalid("""
            import tensorflow as tf
            layer = tf.keras.layers.Dense(
                1,
                kernel_initializer=lambda shape, dtype=None: tf.random.normal(shape, mean=3.0, dtype=dtype),
            )
        """, lines=(4,)),
        Invalid("""
            import functools
            import tensorflow as tf
            from tensorflow.keras import layers as L
            shifted = functools.partial(tf.random.normal, mean=2.0, stddev=0.1)
            conv = L.Conv2D(64, 3, activation="relu", kernel_initializer=shifted)
        """, lines=(5,)),
        Invalid("""
            import tensorflow as tf
            class PositiveUniform(tf.keras.initializers.Initializer):
                def __init__(self, scale=1.0):
                    self.scale = scale
                def __call__(self, shape, dtype=None, **kwargs):
                    return tf.random.uniform(shape, minval=0.0, maxval=self.scale, dtype=dtype)
            conv = tf.keras.layers.Conv2D(32, 3, kernel_initializer=PositiveUniform())
        """, lines=(7,)),
        Invalid("""
            import tensorflow as tf
            class Projection(tf.keras.layers.Layer):
                def build(self, input_shape):
                    self.w = self.add_weight(
                        shape=(int(input_shape[-1]), 32),
                        initializer=tf.keras.initializers.RandomNormal(mean=1.0, stddev=0.01),
                    )
                def call(self, inputs):
                    return tf.matmul(inputs, self.w)
        """, lines=(6,)),
        # tf.random.uniform's default range is [0, 1); a run-time factor keeps the ratio.
        Invalid("""
            import numpy as np
            import tensorflow as tf
            def bad_he(shape, dtype=None):
                return np.random.rand(*shape) * np.sqrt(2.0 / shape[0])
            def unit(shape, dtype=None):
                w = tf.random.uniform(shape, dtype=dtype)
                return tf.cast(w, dtype)
            a = tf.keras.layers.Dense(64, kernel_initializer=bad_he)
            b = tf.keras.layers.Dense(64, kernel_initializer=unit)
        """, lines=(8, 9)),
        # String and TF-native spellings.
        Invalid("""
            import tensorflow as tf
            from tensorflow.keras import layers
            a = layers.Dense(32, kernel_initializer=tf.random_normal_initializer(mean=1.0, stddev=0.1))
            b = layers.Dense(32, kernel_initializer=tf.random_uniform_initializer(0.0, 0.5))
            c = layers.LSTM(32, kernel_initializer=tf.keras.initializers.TruncatedNormal(mean=0.5, stddev=0.1))
        """, lines=(3, 4, 5)),
        # NumPy samplers: normal(5, 1), a default_rng generator, a shifted standard normal.
        Invalid("""
            import numpy as np
            import keras
            rng = np.random.default_rng(0)
            a = keras.layers.Dense(16, kernel_initializer=lambda s, dtype=None: np.random.normal(5, 1, s))
            b = keras.layers.Dense(16, kernel_initializer=lambda s, dtype=None: rng.random(s))
            c = keras.layers.Dense(16, kernel_initializer=lambda s, dtype=None: np.random.randn(*s) + 2.0)
        """, lines=(4, 5, 6)),
        # A builder function's default reaches the layer.
        Invalid("""
            from tensorflow import keras
            def dense(units, init=keras.initializers.RandomNormal(mean=5.0)):
                return keras.layers.Dense(units, activation="relu", kernel_initializer=init)
            model = keras.Sequential([dense(64), dense(10)])
        """, lines=(3,)),
        # A builder's argument: followed to the caller; the finding stays on the
        # `kernel_initializer=` argument, the catalogue's primary line.
        Invalid("""
            import keras
            def block(x, filters, kernel_init):
                return keras.layers.Conv2D(filters, 3, kernel_initializer=kernel_init)(x)
            inputs = keras.Input(shape=(32, 32, 3))
            x = block(inputs, 32, keras.initializers.RandomUniform(0, 1))
            x = block(x, 64, "he_normal")
        """, lines=(3,)),
        # A custom layer class given `kernel_initializer=` and a raw tf.Variable kernel.
        Invalid("""
            import tensorflow as tf
            class MyDense(tf.keras.layers.Layer):
                def __init__(self, units, kernel_initializer=None):
                    super().__init__()
                    self.units = units
                def build(self, input_shape):
                    self.w = tf.Variable(tf.random.uniform([int(input_shape[-1]), self.units]))
                def call(self, x):
                    return x @ self.w
            layer = MyDense(8, kernel_initializer=tf.keras.initializers.RandomNormal(mean=2.0))
        """, lines=(7, 10)),
    )
