from keraslint.rules.base import Invalid, Rule, Valid

_FILTER_LAYERS = ("Conv", "Convolution", "SeparableConv", "LocallyConnected")


class SymmetricInitializer(Rule):
    """
    ## What it does
    Checks for constant kernel initializers (`"zeros"`, `"ones"`, `Zeros()`, `Ones()`,
    `Constant(0.5)`, `tf.zeros_initializer()`, `tf.constant_initializer(1.0)`, a hand-written
    initializer returning `np.zeros(shape)` or `tf.ones(shape) * 0.1`, `RandomNormal(stddev=0)`)
    on a hidden layer with more than one unit (`Dense` units, convolution filters, recurrent
    units), and on two-or-more-dimensional `add_weight`/`tf.Variable` kernels of custom layers
    whose unit count (the last dimension) is known and above one.

    A layer is hidden when its output certainly reaches another kernel layer: a later
    `Dense`/`Conv`/recurrent layer of the same `Sequential` (list or `model.add` chain), or, in
    the functional API, a layer applied to its result directly or through activation,
    dropout, normalization, pooling and reshaping layers, or through a `for` loop that starts
    with `x = Dense(...)(x)` and is followed by another kernel layer reading `x` (whether the
    loop runs or not, a kernel layer reads the output). Unit counts may come from the
    constructor of the class whose method builds the layer (`Dense(self.hidden[0])`), when
    every instance in the file leaves the value at a literal default or passes a literal.
    Not reported either: a kernel the program replaces before training (`set_weights`,
    `load_weights`, a checkpoint restore, unconditionally and before any `fit`), and output
    layers and
    heads (a zero-initialized classifier head, a Glow/RealNVP coupling output, a Fixup-style
    residual branch ending in `Add`, a spatial-transformer regressor starting at identity),
    where the loss or the identity start is the point; layers whose consumers keraslint cannot
    follow (subclassed models, builder return values); one-unit layers (logistic regression);
    `Constant(array)` (loading known weights); `recurrent_initializer=` alone (the input kernel
    still tells recurrent units apart); and bias, `gamma`, `beta` and other one-dimensional
    initializers.

    ## Why is this bad?
    Units with identical incoming weights compute identical outputs; if the weights leaving
    them are identical too (every layer constant-initialized), they receive identical
    gradients and stay copies of one unit forever, so the layer has the capacity of a single
    unit. Even where a later random layer eventually tells them apart, the layer starts as a
    rank-one map; with zeros and ReLU the pre-activations are exactly zero, ReLU passes no
    gradient and the layer never trains, and an LSTM/GRU/SimpleRNN with a zero input kernel
    keeps its state at exactly zero whatever the input. Random initialization exists to break this symmetry
    (Glorot & Bengio 2010; He et al. 2015), and Keras's own defaults (`glorot_uniform` kernels,
    zero biases) follow it. Keras accepts a constant kernel without a warning.

    ## Example
    ```python
    import keras

    model = keras.Sequential([
        keras.Input(shape=(20,)),
        keras.layers.Dense(64, activation="relu", kernel_initializer="zeros"),
        keras.layers.Dense(64, activation="relu", kernel_initializer="ones"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    ```

    ## Use instead
    ```python
    import keras

    model = keras.Sequential([
        keras.Input(shape=(20,)),
        keras.layers.Dense(64, activation="relu", kernel_initializer="he_normal"),
        keras.layers.Dense(64, activation="relu", kernel_initializer="he_normal"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    ```

    ## Real code
    On the pinned real-code corpora (`scripts/realcode.py`: the Keras examples and guides,
    TensorFlow's tutorial and guide notebooks, the tf-models-official, keras-hub and keras
    wheels), 8 findings, all intended (constant kernels pinned in unit tests); none false
    (precision 100 %).

    ## Options
    None.

    ## References
    - [Keras: layer weight initializers](https://keras.io/api/layers/initializers/)
    - [Glorot & Bengio (2010), Understanding the difficulty of training deep feedforward
      neural networks](https://proceedings.mlr.press/v9/glorot10a.html)
    - [He et al. (2015), Delving Deep into Rectifiers](https://arxiv.org/abs/1502.01852)
    """

    CODE = "KL103"
    NAME = "symmetric-initializer"
    SUMMARY = ("A constant (`zeros`/`ones`/`Constant`) kernel on a hidden layer with more than "
               "one unit: units stay identical.")
    MESSAGE = ("Kernel initializer `{init}` sets every weight to {value}: the layer's {units} "
               "{noun} start as identical copies, compute the same output and get the same update "
               "while the weights around them are symmetric; use a random initializer such as "
               "`glorot_uniform` or `he_normal`")

    def check(self, facts):
        for use in facts.initializers.kernel_uses:
            dist = use.distribution
            if dist is None or dist.kind != "constant" or use.role not in ("kernel", "pointwise", "weight"):
                continue
            if use.units is None or use.units <= 1 or not use.hidden:
                continue
            if facts.models.kernel_replaced_by(use.layer) is not None:
                continue  # overwritten (pretrained weights, a checkpoint) before training
            name = (use.layer_name or "").rsplit(".", 1)[-1]
            yield self.report(
                use.arg, init=dist.display, units=use.units,
                value="one shared constant" if dist.mean is None else f"{dist.mean:g}",
                noun="filters" if name.startswith(_FILTER_LAYERS) else "units",
            )

    VALID = (
        # Zero kernels in a rebuilt model whose weights all come from a checkpoint before
        # training resumes.
        Valid("""
            import tensorflow as tf
            model = tf.keras.Sequential([
                tf.keras.Input(shape=(64,)),
                tf.keras.layers.Dense(256, activation="relu", kernel_initializer="zeros"),
                tf.keras.layers.Dense(256, activation="relu", kernel_initializer="zeros"),
                tf.keras.layers.Dense(10),
            ])
            model.load_weights("checkpoints/epoch_40.weights.h5")
            model.compile(optimizer="adam", loss="mse")
            model.fit(x, y, epochs=2)
        """),
        # Random kernels; constant biases, BatchNorm/LayerNorm gamma and beta.
        Valid("""
            import keras
            from keras import layers, initializers
            model = keras.Sequential([
                keras.Input(shape=(20,)),
                layers.Dense(64, activation="relu", kernel_initializer="he_normal",
                             bias_initializer=initializers.Constant(0.1)),
                layers.BatchNormalization(gamma_initializer="ones", beta_initializer="zeros"),
                layers.LayerNormalization(gamma_initializer=initializers.Ones()),
                layers.Dense(32, activation="relu", bias_initializer="ones"),
                layers.Dense(1, activation="sigmoid"),
            ])
        """),
        # A one-unit layer (logistic regression) may start at zero.
        Valid("""
            import tensorflow as tf
            model = tf.keras.Sequential([
                tf.keras.layers.Dense(1, activation="sigmoid", input_shape=(30,), kernel_initializer="zeros"),
            ])
        """),
        # The output layer: the loss tells its units apart (zero-init head).
        Valid("""
            import keras
            inputs = keras.Input(shape=(784,))
            x = keras.layers.Dense(128, activation="relu")(inputs)
            outputs = keras.layers.Dense(10, activation="softmax", kernel_initializer="zeros")(x)
            model = keras.Model(inputs, outputs)
            softmax_regression = keras.Sequential([
                keras.Input(shape=(784,)),
                keras.layers.Dense(10, activation="softmax", kernel_initializer=keras.initializers.Zeros()),
            ])
        """),
        # Zero-initialized ends of sub-networks: a Glow/RealNVP coupling output, a Fixup-style
        # residual branch, a spatial-transformer regressor that starts at the identity.
        Valid("""
            import keras
            from tensorflow.keras import layers
            def coupling_net(x, channels):
                h = layers.Conv2D(512, 3, padding="same", activation="relu")(x)
                return layers.Conv2D(2 * channels, 3, padding="same", kernel_initializer="zeros")(h)
            def residual(inputs, filters):
                x = layers.Conv2D(filters, 3, padding="same", activation="relu")(inputs)
                x = layers.Conv2D(filters, 3, padding="same", kernel_initializer="zeros")(x)
                return layers.add([inputs, x])
            features = keras.Input(shape=(256,))
            affine = layers.Dense(12, kernel_initializer="zeros", bias_initializer="zeros")(features)
            affine = layers.Activation("linear")(affine)
        """),
        # A subclassed model's head: where its output goes is not followed.
        Valid("""
            import tensorflow as tf
            class Classifier(tf.keras.Model):
                def __init__(self, backbone):
                    super().__init__()
                    self.backbone = backbone
                    self.head = tf.keras.layers.Dense(10, kernel_initializer="zeros")
                def call(self, images):
                    return self.head(self.backbone(images))
        """),
        # A single-layer model written as a tf.Module (softmax regression).
        Valid("""
            import tensorflow as tf
            class SoftmaxRegression(tf.Module):
                def __init__(self):
                    self.W = tf.Variable(tf.zeros([784, 10]))
                    self.b = tf.Variable(tf.zeros([10]))
                def __call__(self, x):
                    return tf.nn.softmax(tf.matmul(x, self.W) + self.b)
        """),
        # One-dimensional weights and non-multiplied tokens in custom layers.
        Valid("""
            import tensorflow as tf
            class Patches(tf.keras.layers.Layer):
                def build(self, input_shape):
                    self.scale = self.add_weight(shape=(input_shape[-1],), initializer="ones")
                    self.cls_token = self.add_weight(shape=(1, 1, 64), initializer="zeros")
                def call(self, x):
                    return tf.concat([tf.tile(self.cls_token, [tf.shape(x)[0], 1, 1]), x * self.scale], 1)
        """),
        # Constant(array) loads known weights; an unknown unit count stays quiet.
        Valid("""
            import numpy as np
            import keras
            weights = np.load("kernel.npy")
            model = keras.Sequential([
                keras.layers.Dense(64, kernel_initializer=keras.initializers.Constant(weights)),
                keras.layers.Dense(n_units, kernel_initializer="zeros"),
                keras.layers.Dense(1),
            ])
        """),
        # A constant recurrent kernel alone: the random input kernel tells the units apart.
        Valid("""
            import keras
            gru = keras.layers.GRU(64, recurrent_initializer="zeros")
            rnn = keras.layers.SimpleRNN(32, recurrent_initializer=keras.initializers.Identity())
        """),
        # Embedding tables are not kernels.
        Valid("""
            import keras
            emb = keras.layers.Embedding(1000, 64, embeddings_initializer="zeros")
        """),
        # A builder method whose sizes come from the constructor: a one-unit first layer, a
        # size no call site states, a model that may end at the constant layer (the loop may
        # run zero times), and a class a subclass may build with other sizes.
        Valid("""
            import keras
            class Narrow:
                def __init__(self, hidden=(1, 16)):
                    self.hidden = hidden
                    self.model = self.build()
                def build(self):
                    inputs = keras.Input(shape=(8,))
                    x = keras.layers.Dense(self.hidden[0], kernel_initializer="ones")(inputs)
                    for units in self.hidden[1:]:
                        x = keras.layers.Dense(units, activation="relu")(x)
                    return keras.Model(inputs, keras.layers.Dense(1)(x))
            class Tower:
                def __init__(self, hidden=(64, 32)):
                    self.hidden = hidden
                def build(self):
                    inputs = keras.Input(shape=(8,))
                    x = keras.layers.Dense(self.hidden[0], kernel_initializer="zeros")(inputs)
                    for units in self.hidden[1:]:
                        x = keras.layers.Dense(units, activation="relu")(x)
                    return keras.Model(inputs, x)
            class Sized:
                def __init__(self, width):
                    self.width = width
                def build(self):
                    x = keras.layers.Dense(self.width, kernel_initializer="zeros")(keras.Input(shape=(8,)))
                    return keras.layers.Dense(1)(x)
            class Base:
                def __init__(self, hidden=(64,)):
                    self.hidden = hidden
                def build(self):
                    x = keras.layers.Dense(self.hidden[0], kernel_initializer="zeros")(keras.Input(shape=(8,)))
                    return keras.layers.Dense(1)(x)
            class Probe(Base):
                def __init__(self):
                    super().__init__(hidden=(1,))
            narrow, tower, sized, base = Narrow(), Tower(), Sized(width), Base()
        """),
        # Constants in an off-center spirit are not KL103 on one unit; random uniform is KL101's.
        Valid("""
            import keras
            a = keras.layers.Dense(1, kernel_initializer="ones", use_bias=False)
            b = keras.layers.Dense(64, kernel_initializer=keras.initializers.RandomUniform(0, 1))
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            model = keras.Sequential([
                keras.Input(shape=(20,)),
                keras.layers.Dense(64, activation="relu", kernel_initializer="zeros"),
                keras.layers.Dense(64, activation="relu", kernel_initializer="ones"),
                keras.layers.Dense(1, activation="sigmoid", kernel_initializer="zeros"),
            ])
        """, lines=(4, 5)),
        Invalid("""
            import tensorflow as tf
            from tensorflow.keras import layers
            inputs = tf.keras.Input(shape=(28, 28, 1))
            x = layers.Conv2D(32, 3, activation="relu",
                              kernel_initializer=tf.keras.initializers.Constant(0.1))(inputs)
            x = layers.Conv2D(64, (3, 3), kernel_initializer=tf.zeros_initializer())(x)
            x = layers.Flatten()(x)
            outputs = layers.Dense(10, activation="softmax")(x)
            model = tf.keras.Model(inputs, outputs)
        """, lines=(5, 6)),
        Invalid("""
            import numpy as np
            from tensorflow.keras.layers import Dense
            from tensorflow.keras.models import Sequential
            def half(shape, dtype=None):
                return np.ones(shape) * 0.5
            model = Sequential()
            model.add(Dense(128, activation="tanh", input_dim=10, kernel_initializer=half))
            model.add(Dense(128, activation="tanh",
                            kernel_initializer=lambda shape, dtype=None: np.zeros(shape)))
            model.add(Dense(1))
        """, lines=(7, 9)),
        Invalid("""
            import tensorflow as tf
            model = tf.keras.Sequential([
                tf.keras.layers.SeparableConv2D(16, 3, pointwise_initializer="zeros"),
                tf.keras.layers.GlobalAveragePooling2D(),
                tf.keras.layers.Dense(32, kernel_initializer=tf.constant_initializer(1.0)),
                tf.keras.layers.Dense(units=32, kernel_initializer=tf.keras.initializers.RandomNormal(stddev=0.0)),
                tf.keras.layers.Dense(10),
            ])
        """, lines=(3, 5, 6)),
        Invalid("""
            import tensorflow as tf
            class Projection(tf.keras.layers.Layer):
                def __init__(self, units):
                    super().__init__()
                    self.units = units
                def build(self, input_shape):
                    self.w = self.add_weight(shape=(int(input_shape[-1]), self.units),
                                             initializer="zeros")
                def call(self, x):
                    return tf.nn.relu(tf.matmul(x, self.w))
            model = tf.keras.Sequential([Projection(64), tf.keras.layers.Dense(1)])
        """, lines=(8,)),
        # Recurrent layers: a zero input kernel keeps the state at exactly zero for every input.
        Invalid("""
            import keras
            inputs = keras.Input(shape=(100, 8))
            x = keras.layers.GRU(64, kernel_initializer="zeros", return_sequences=True)(inputs)
            x = keras.layers.LSTM(32, kernel_initializer="ones", recurrent_initializer="zeros")(x)
            outputs = keras.layers.Dense(1)(x)
        """, lines=(3, 4)),
        # A builder function: the unit count comes from its callers.
        Invalid("""
            import keras
            def block(x, filters):
                x = keras.layers.Conv2D(filters, 3, kernel_initializer="zeros")(x)
                x = keras.layers.ReLU()(x)
                x = keras.layers.Dropout(0.2)(x)
                return keras.layers.Conv2D(filters, 3, activation="relu")(x)
            inputs = keras.Input(shape=(32, 32, 3))
            x = block(inputs, 32)
            x = block(x, 64)
        """, lines=(3,)),
        # A model built in a method, sized by constructor defaults no call site overrides; the
        # first layer feeds the loop's first Dense, or the head when the loop runs zero times.
        Invalid("""
            import tensorflow as tf
            class Experiment:
                def __init__(self, n_features, hidden=[256, 128, 64], dropout=0.2):
                    self.n_features = n_features
                    self.hidden = hidden
                    self.dropout = dropout
                def make_model(self):
                    inputs = tf.keras.Input(shape=(self.n_features,))
                    h = tf.keras.layers.Dense(self.hidden[0], activation="relu",
                                              kernel_initializer=tf.keras.initializers.Zeros())(inputs)
                    for width in self.hidden[1:]:
                        h = tf.keras.layers.Dense(width, activation="relu")(h)
                        h = tf.keras.layers.Dropout(self.dropout)(h)
                    return tf.keras.Model(inputs, tf.keras.layers.Dense(3, activation="softmax")(h))
            run = Experiment(30).make_model()
            other = Experiment(12, dropout=0.5)
        """, lines=(10,)),
        # Two-layer models as tf.Module: the first weight is hidden.
        Invalid("""
            import tensorflow as tf
            class MLP(tf.Module):
                def __init__(self):
                    self.W1 = tf.Variable(tf.zeros([784, 128]))
                    self.W2 = tf.Variable(tf.random.normal([128, 10], stddev=0.05))
                def __call__(self, x):
                    return tf.matmul(tf.nn.relu(tf.matmul(x, self.W1)), self.W2)
        """, lines=(4,)),
    )
