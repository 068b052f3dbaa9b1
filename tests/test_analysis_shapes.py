"""Static shapes through model graphs, shapes of fed data, value ranges and class counts —
and every place where the answer must be "unknown"."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from keraslint.analysis import FileFacts


def facts_of(source: str) -> FileFacts:
    return FileFacts(cst.parse_module(textwrap.dedent(source)))


def shapes(source: str, index: int = 0) -> list[tuple]:
    """(kind, output shape) of every node of the file's graph `index`, inputs first."""
    facts = facts_of(source)
    graph = facts.models.graphs[index].graph
    return [(n.kind, facts.shapes.output_shape(n)) for n in graph.nodes]


def last_shape(source: str, index: int = 0):
    return shapes(source, index)[-1][1]


def value(facts: FileFacts, name: str) -> cst.BaseExpression:
    return facts.index.module_scope.bindings[name][-1].node


# -- layers ------------------------------------------------------------------------------------
def test_convnet_shapes():
    assert shapes("""
        import keras
        from keras import layers
        model = keras.Sequential([
            layers.Conv2D(32, 3, activation="relu", input_shape=(28, 28, 1)),
            layers.MaxPooling2D(),
            layers.Conv2D(64, (3, 3), padding="same", strides=2),
            layers.Flatten(),
            layers.Dense(10),
        ])
    """) == [("Input", (None, 28, 28, 1)), ("Conv2D", (None, 26, 26, 32)),
             ("MaxPooling2D", (None, 13, 13, 32)), ("Conv2D", (None, 7, 7, 64)),
             ("Flatten", (None, 3136)), ("Dense", (None, 10))]


@pytest.mark.parametrize("layer, expected", [
    ("layers.Conv2D(8, 5, dilation_rate=2)", (None, 24, 24, 8)),
    ("layers.Conv2D(8, 3, 2, 'same')", (None, 16, 16, 8)),
    ("layers.Conv2DTranspose(8, 3, strides=2, padding='same')", (None, 64, 64, 8)),
    ("layers.Conv2DTranspose(8, 3, strides=2)", (None, 65, 65, 8)),
    ("layers.DepthwiseConv2D(3, depth_multiplier=2)", (None, 30, 30, 6)),
    ("layers.SeparableConv2D(16, 3, padding='same')", (None, 32, 32, 16)),
    ("layers.AveragePooling2D(pool_size=4, strides=2)", (None, 15, 15, 3)),
    ("layers.MaxPooling2D(3, padding='same')", (None, 11, 11, 3)),
    ("layers.GlobalAveragePooling2D()", (None, 3)),
    ("layers.GlobalMaxPooling2D(keepdims=True)", (None, 1, 1, 3)),
    ("layers.UpSampling2D(size=(2, 3))", (None, 64, 96, 3)),
    ("layers.ZeroPadding2D(((1, 2), (3, 4)))", (None, 35, 39, 3)),
    ("layers.Cropping2D(2)", (None, 28, 28, 3)),
    ("layers.Reshape((-1, 3))", (None, 1024, 3)),
    ("layers.Resizing(64, 48)", (None, 64, 48, 3)),
    ("layers.Rescaling(1.0 / 255)", (None, 32, 32, 3)),
    ("layers.Conv2D(8, 3, data_format='channels_first')", (None, 8, 30, 1)),
])
def test_image_layer_shapes(layer, expected):
    source = f"""
        import keras
        from keras import layers
        inputs = keras.Input((32, 32, 3))
        model = keras.Model(inputs, {layer}(inputs))
    """
    assert last_shape(source) == expected


def test_sequence_layers():
    assert shapes("""
        import keras
        from keras import layers
        model = keras.Sequential([
            keras.Input((100,), dtype="int32"),
            layers.Embedding(5000, 64),
            layers.Conv1D(32, 5, padding="causal"),
            layers.MaxPooling1D(2),
            layers.LSTM(16, return_sequences=True),
            layers.TimeDistributed(layers.Dense(8)),
            layers.Bidirectional(layers.GRU(4)),
            layers.RepeatVector(3),
        ])
    """)[1:] == [("Embedding", (None, 100, 64)), ("Conv1D", (None, 100, 32)),
                 ("MaxPooling1D", (None, 50, 32)), ("LSTM", (None, 50, 16)),
                 ("TimeDistributed", (None, 50, 8)), ("Bidirectional", (None, 8)),
                 ("RepeatVector", (None, 3, 8))]


def test_merges_and_ops():
    result = shapes("""
        import keras
        import tensorflow as tf
        from keras import layers
        a = keras.Input((8, 8, 4))
        b = layers.Conv2D(6, 1)(a)
        c = layers.Concatenate()([a, b])
        d = layers.Add()([c, c])
        e = tf.nn.relu(d * 2.0)
        f = tf.concat([e, a], axis=-1)
        model = keras.Model(a, f)
    """)
    assert result[2:] == [("Concatenate", (None, 8, 8, 10)), ("Add", (None, 8, 8, 10)),
                          ("Scale", (None, 8, 8, 10)), ("relu", (None, 8, 8, 10)),
                          ("Concatenate", (None, 8, 8, 14))]


def test_arithmetic_and_builder_dimensions():
    source = """
        import keras
        from keras import layers
        IMG = 64
        CLASSES = ["cat", "dog", "bird"]
        def build(width, size=IMG):
            inputs = keras.Input(shape=(size, size // 2, 3))
            x = layers.Flatten()(inputs)
            x = layers.Dense(width * 2)(x)
            return keras.Model(inputs, layers.Dense(len(CLASSES))(x))
        model = build(16)
    """
    assert shapes(source) == [("InputLayer", (None, 64, 32, 3)), ("Flatten", (None, 6144)),
                              ("Dense", (None, 32)), ("Dense", (None, 3))]


def test_input_shape_from_array_shape_and_build():
    facts = facts_of("""
        import numpy as np
        import keras
        x = np.zeros((500, 20), dtype="float32")
        a = keras.Sequential([keras.Input(shape=x.shape[1:]), keras.layers.Dense(1)])
        b = keras.Sequential([keras.layers.Dense(4), keras.layers.Dense(1)])
        b.build((None, 7))
    """)
    a, b = facts.models.all_models
    assert facts.shapes.input_shape(a) == (None, 20)
    assert facts.shapes.declared_input_shape(b) == (None, 7)
    assert facts.shapes.output_shape(b) == (None, 1)


def test_undeclared_input_comes_from_the_data():
    facts = facts_of("""
        import keras
        (x_train, y_train), _ = keras.datasets.mnist.load_data()
        x_train = x_train.reshape(-1, 28, 28, 1) / 255.0
        model = keras.Sequential([keras.layers.Conv2D(8, 3), keras.layers.Dense(10)])
        model.compile(loss="sparse_categorical_crossentropy")
        model.fit(x_train, y_train)
    """)
    (model,) = facts.models.all_models
    assert facts.shapes.declared_input_shape(model) is None
    assert facts.shapes.input_shape(model) == (None, 28, 28, 1)
    assert facts.shapes.output_shape(model) == (None, 26, 26, 10)


@pytest.mark.parametrize("source", [
    # Lambda and custom layers: unknown from there on.
    """
    import keras
    model = keras.Sequential([keras.Input((8,)), keras.layers.Lambda(lambda t: t * 2),
                              keras.layers.Dense(3)])
    """,
    """
    import keras
    class Mine(keras.layers.Layer):
        def call(self, x):
            return x
    model = keras.Sequential([keras.Input((8, 8, 1)), Mine(), keras.layers.Flatten()])
    """,
    # No declared input and no data.
    """
    import keras
    model = keras.Sequential([keras.layers.Conv2D(8, 3), keras.layers.Flatten()])
    """,
])
def test_unknown_shapes(source):
    assert last_shape(source) is None


def test_unknown_dimensions_stay_unknown():
    runtime = """
        import keras, sys
        model = keras.Sequential([keras.Input((int(sys.argv[1]), 2)), keras.layers.Flatten()])
    """
    assert last_shape(runtime) == (None, None)
    source = """
        import keras
        def build(n):
            inputs = keras.Input((n, 16))
            return keras.Model(inputs, keras.layers.Conv1D(8, 3)(inputs))
    """
    assert last_shape(source) == (None, None, 8)


def test_kwargs_make_arguments_unknown():
    source = """
        import keras
        opts = load()
        inputs = keras.Input((32, 32, 3))
        model = keras.Model(inputs, keras.layers.Conv2D(8, 3, **opts)(inputs))
    """
    assert last_shape(source) == (None, None, None, None)  # rank only: the format may change
    fmt = """
        import keras
        fmt = get_format()
        model = keras.Sequential([keras.Input((8, 8, 3)),
                                  keras.layers.Conv2D(4, 3, data_format=fmt)])
    """
    assert last_shape(fmt) == (None, None, None, None)


# -- fed data ----------------------------------------------------------------------------------
@pytest.mark.parametrize("expr, expected", [
    ("np.zeros((100, 32, 32, 3))", (100, 32, 32, 3)),
    ("tf.data.Dataset.from_tensor_slices((x, y)).shuffle(100).batch(16).prefetch(2)",
     (16, 28, 28)),
    ("tf.keras.utils.image_dataset_from_directory('d', image_size=(180, 180), batch_size=8)",
     (8, 180, 180, 3)),
    ("tf.keras.utils.image_dataset_from_directory('d', color_mode='grayscale')",
     (32, 256, 256, 1)),
    ("ImageDataGenerator(rescale=1/255).flow_from_directory('d', target_size=(150, 150))",
     (32, 150, 150, 3)),
])
def test_features_shape(expr, expected):
    facts = facts_of(f"""
        import numpy as np
        import tensorflow as tf
        from tensorflow.keras.preprocessing.image import ImageDataGenerator
        x = np.zeros((500, 28, 28))
        y = np.zeros((500,))
        data = {expr}
    """)
    assert facts.shapes.features_shape(value(facts, "data")) == expected


@pytest.mark.parametrize("expr", [
    "tf.data.Dataset.from_tensor_slices((x, y))",  # unbatched
    "tf.data.Dataset.from_tensor_slices((x, y)).map(f).batch(4)",  # map: anything may happen
    "tf.keras.utils.image_dataset_from_directory('d', **opts)",
    "np.load('x.npy')",
])
def test_features_shape_unknown(expr):
    facts = facts_of(f"""
        import numpy as np
        import tensorflow as tf
        x = np.zeros((500, 28, 28))
        y = np.zeros((500,))
        data = {expr}
    """)
    assert facts.shapes.features_shape(value(facts, "data")) is None


# -- value ranges ------------------------------------------------------------------------------
@pytest.mark.parametrize("expr, low, high", [
    ("50 + 950 * np.random.rand(n)", 50, 1000),
    ("np.random.uniform(100, 500, size=(n, 1))", 100, 500),
    ("np.random.randint(1, 6, size=n).astype('float32')", 1, 5),
    ("rng.integers(0, 10, n) * 2 - 1", -1, 17),
    ("3 * x[:, 0] + 2 * x[:, 1] + 1", 1, 6),
    ("np.clip(x, 0.2, 0.8)", 0.2, 0.8),
    ("np.exp(np.random.rand(n))", 1, 2.718281828459045),
    ("MinMaxScaler().fit_transform(prices)", 0, 1),
    ("np.linspace(-2, 2, 50)", -2, 2),
    ("train_test_split(x, 10 * x)[3]", 0, 10),
    ("x.sum(axis=1) * 100", 0, 200),
    ("np.mean(x, axis=1) + 5", 5, 6),
])
def test_value_ranges(expr, low, high):
    facts = facts_of(f"""
        import numpy as np
        from sklearn.preprocessing import MinMaxScaler
        from sklearn.model_selection import train_test_split
        n = 1000
        rng = np.random.default_rng(0)
        x = np.random.rand(n, 2)
        y = {expr}
    """)
    found = facts.shapes.value_range(value(facts, "y"))
    assert found is not None and (found.low, found.high) == pytest.approx((low, high))


def test_normal_noise_gives_a_typical_range():
    facts = facts_of("""
        import numpy as np
        y = 5 + np.random.normal(0, 2, size=100)
    """)
    found = facts.shapes.value_range(value(facts, "y"))
    assert (found.low, found.high, found.typical) == (-1, 11, True)


def test_bundled_regression_targets():
    facts = facts_of("""
        from tensorflow import keras
        (x_train, y_train), (x_test, y_test) = keras.datasets.boston_housing.load_data()
        y = y_train
    """)
    found = facts.shapes.value_range(value(facts, "y"))
    assert (found.low, found.high) == (5, 50)


@pytest.mark.parametrize("expr", [
    "pd.read_csv('p.csv')['price'].values",
    "prices / prices.max()",
    "np.random.rand(n) / scale",
    "np.log(prices)",
])
def test_value_ranges_unknown(expr):
    facts = facts_of(f"""
        import numpy as np
        import pandas as pd
        n = 10
        prices = load()
        scale = get_scale()
        y = {expr}
    """)
    assert facts.shapes.value_range(value(facts, "y")) is None


# -- class counts ------------------------------------------------------------------------------
@pytest.mark.parametrize("expr, count, exact", [
    ("keras.utils.to_categorical(labels, num_classes=7)", 7, True),
    ("keras.utils.to_categorical(labels, len(CLASSES))", 3, True),
    ("keras.utils.to_categorical(np.random.randint(0, 5, 100))", 5, True),
    ("np.eye(4)[labels]", 4, True),
    ("np.random.randint(0, 12, size=(100,))", 12, False),
    ("np.array([0, 1, 2, 1, 0])", 3, False),
    ("tf.one_hot(labels, depth=9)", 9, True),
    ("mnist_labels", 10, False),
    ("tf.data.Dataset.from_tensor_slices((x, keras.utils.to_categorical(labels, 6))).batch(2)",
     6, True),
])
def test_class_counts(expr, count, exact):
    facts = facts_of(f"""
        import numpy as np
        import keras
        import tensorflow as tf
        CLASSES = ["a", "b", "c"]
        labels = load()
        x = load()
        (_, mnist_labels), _ = keras.datasets.mnist.load_data()
        y = {expr}
    """)
    found = facts.shapes.class_count(value(facts, "y"))
    assert found is not None and (found.count, found.exact) == (count, exact)


def test_directory_class_names():
    facts = facts_of("""
        import keras
        NAMES = ["roses", "tulips", "daisy", "sunflowers"]
        y = keras.utils.image_dataset_from_directory("flowers", class_names=NAMES)
    """)
    assert facts.shapes.class_count(value(facts, "y")).count == 4


@pytest.mark.parametrize("expr", [
    "keras.utils.to_categorical(labels)",  # as many columns as the largest label: unknown
    "keras.utils.to_categorical(labels, n)",
    "keras.utils.image_dataset_from_directory('d')",
    "np.random.normal(size=100)",
    "labels",
])
def test_class_counts_unknown(expr):
    facts = facts_of(f"""
        import numpy as np
        import keras
        labels = load()
        n = int(input())
        y = {expr}
    """)
    assert facts.shapes.class_count(value(facts, "y")) is None
