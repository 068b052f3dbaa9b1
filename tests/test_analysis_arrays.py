"""Array facts: shapes, dtypes, sizes, what training calls receive, and label encodings."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from keraslint.analysis import FileFacts
from keraslint.analysis.arrays import ArrayInfo, format_size, parse_size


def _facts(source: str) -> FileFacts:
    return FileFacts(cst.parse_module(textwrap.dedent(source)))


def _probe(source: str, name: str):
    """Facts for `source` plus the expression `name` as used on a final line."""
    facts = _facts(textwrap.dedent(source) + f"\n__probe__({name})\n")
    return facts, facts.index.calls[-1].args[0].value


def info(source: str, name: str = "x"):
    facts, expr = _probe(source, name)
    return facts.arrays.info(expr)


def encoding(source: str, name: str = "y"):
    facts, expr = _probe(source, name)
    return facts.arrays.label_encoding(expr)


# -- label encoding ---------------------------------------------------------------------------------
@pytest.mark.parametrize("source, name, expected", [
    ("import keras\n(x, y), (xt, yt) = keras.datasets.mnist.load_data()", "y", "integer"),
    ("import keras\n(x, y), (xt, yt) = keras.datasets.mnist.load_data()", "yt", "integer"),
    ("from tensorflow.keras.datasets import cifar10\ntrain, test = cifar10.load_data()\nx, y = train\n"
     "y = y.reshape(-1)", "y", "integer"),
    ("from keras.datasets import imdb\n(a, y), _ = imdb.load_data(num_words=10000)", "y", "integer"),
    ("import keras\ndata = keras.datasets.reuters.load_data()\ny = data[0][1]", "y", "integer"),
    ("import tensorflow as tf\n(x, y), _ = tf.keras.datasets.mnist.load_data()\n"
     "y = tf.keras.utils.to_categorical(y, 10)", "y", "one_hot"),
    ("from tensorflow.keras.utils import to_categorical\ny = to_categorical(labels)", "y", "one_hot"),
    ("import numpy as np\ny = np.eye(10)[labels]", "y", "one_hot"),
    ("import numpy as np\nl = np.random.randint(0, 10, size=(100, 1))\ny = np.eye(10)[l.reshape(-1)]",
     "y", "one_hot"),
    ("import tensorflow as tf\ny = tf.one_hot(labels, 10)", "y", "one_hot"),
    ("import pandas as pd\ny = pd.get_dummies(df.label).values", "y", "one_hot"),
    ("import numpy as np\nl = np.random.randint(0, 10, size=(100,))\ny = l[:50]", "y", "integer"),
    ("import numpy as np\nl = np.random.randint(0, 10, 100)\ny = np.squeeze(l).flatten()", "y", "integer"),
    ("import numpy as np\ny = np.argmax(p, axis=-1)", "y", "integer"),
    ("y = probs.argmax(axis=1)", "y", "integer"),
    ("from sklearn.preprocessing import LabelEncoder\nle = LabelEncoder()\ny = le.fit_transform(df['c'])",
     "y", "integer"),
    ("import numpy as np\ny = np.array([0, 1, 2, 1])", "y", "integer"),
    ("import numpy as np\ny = np.array([[0, 1], [1, 0]])", "y", "one_hot"),
    ("y = df['label'].values.astype('int32')", "y", "integer"),
    ("y = labels.astype(int)", "y", "integer"),
    ("import keras\n(x, y), _ = keras.datasets.cifar10.load_data()\ny = y.astype('float32')", "y", "integer"),
    ("import numpy as np\nfrom sklearn.model_selection import train_test_split\nY = np.eye(3)[t]\n"
     "a, b, y, d = train_test_split(X, Y, test_size=0.2)", "y", "one_hot"),
    ("import tensorflow as tf\nds = tf.keras.utils.image_dataset_from_directory('d', batch_size=32)\n"
     "ds = ds.cache().shuffle(100).prefetch(1)", "ds", "integer"),
    ("import tensorflow as tf\nopts = dict(label_mode='categorical', seed=1)\n"
     "ds = tf.keras.utils.image_dataset_from_directory('d', **opts)", "ds", "one_hot"),
    ("from tensorflow.keras.preprocessing.image import ImageDataGenerator\n"
     "g = ImageDataGenerator().flow_from_directory('d', class_mode='sparse')", "g", "integer"),
    ("import numpy as np\nimport tensorflow as tf\nds = tf.data.Dataset.from_tensor_slices("
     "(x, np.eye(3)[t])).batch(8)", "ds", "one_hot"),
])
def test_label_encoding_known(source, name, expected):
    assert encoding(source, name) == expected


@pytest.mark.parametrize("source, name", [
    ("import keras\n(x, y), (xt, yt) = keras.datasets.mnist.load_data()", "x"),
    ("import keras\n(x, y), _ = keras.datasets.boston_housing.load_data()", "y"),
    ("import keras\n(x, y), _ = keras.datasets.california_housing.load_data()", "y"),
    ("import numpy as np\ny = np.argmax(p)", "y"),
    ("import numpy as np\ny = np.array([[0.5, 1], [1, 0]])", "y"),
    ("import numpy as np\ny = np.array([[1, 1], [1, 0]])", "y"),  # multi-label
    ("import pandas as pd\ny = pd.get_dummies(df.label, drop_first=True).values", "y"),
    ("y = df[['a', 'b']].values.astype(int)", "y"),
    ("y = df['label'].values.astype('float32')", "y"),
    ("y = df['label'].values", "y"),
    ("def f(y):\n    return y", "y"),
    ("import tensorflow as tf\nds = tf.keras.utils.image_dataset_from_directory('d', label_mode='binary')", "ds"),
    ("import tensorflow as tf\nds = tf.keras.utils.image_dataset_from_directory('d', **opts)", "ds"),
    ("import tensorflow as tf\nds = tf.keras.utils.image_dataset_from_directory('d').map(f)", "ds"),
    ("import numpy as np\nif c:\n    y = np.eye(3)[t]\nelse:\n    y = t\nz = y", "z"),
])
def test_label_encoding_unknown(source, name):
    assert encoding(source, name) is None


# -- shapes and dtypes -------------------------------------------------------------------------------
@pytest.mark.parametrize("source, shape, dtype", [
    ("import numpy as np\nx = np.zeros((1000, 224, 224, 3))", (1000, 224, 224, 3), "float64"),
    ("import numpy as np\nx = np.ones([10, 3], dtype='float32')", (10, 3), "float32"),
    ("import numpy as np\nx = np.empty(7, np.uint8)", (7,), "uint8"),
    ("import numpy as np\nx = np.zeros((10, 3), 'f4')", (10, 3), "float32"),
    ("import numpy as np\nimport tensorflow as tf\nx = np.zeros((2, 2), dtype=tf.float16)", (2, 2), "float16"),
    ("import numpy as np\nx = np.zeros((2, 2), dtype=float)", (2, 2), "float64"),
    ("import numpy as np\nx = np.full((5, 5), 1)", (5, 5), "int64"),
    ("import numpy as np\nx = np.zeros_like(np.ones((5, 5), dtype='f4'))", (5, 5), "float32"),
    ("import numpy as np\nN, H = 100, 28\nx = np.random.rand(N, H, H)", (100, 28, 28), "float64"),
    ("import numpy as np\nshape = (10, 5)\nx = np.random.randn(*shape)", (10, 5), "float64"),
    ("import numpy as np\nx = np.random.random((100, 3))", (100, 3), "float64"),
    ("import numpy as np\nx = np.random.uniform(-1, 1, (100, 3))", (100, 3), "float64"),
    ("import numpy as np\nx = np.random.normal(size=(100, 3))", (100, 3), "float64"),
    ("import numpy as np\nx = np.random.randint(0, 10, (100,), dtype=np.uint8)", (100,), "uint8"),
    ("import numpy as np\nrng = np.random.default_rng(0)\nx = rng.random((4, 3), dtype=np.float32)",
     (4, 3), "float32"),
    ("import numpy as np\nrng = np.random.default_rng(0)\nx = rng.normal(0, 1, size=(4, 3))", (4, 3), "float64"),
    ("import numpy as np\nrng = np.random.default_rng(0)\nx = rng.integers(0, 10, size=(4,))", (4,), "int64"),
    ("import numpy as np\nx = np.arange(10)", (10,), "int64"),
    ("import numpy as np\nx = np.arange(0, 1, 0.1)", (10,), "float64"),
    ("import numpy as np\nx = np.array([[1, 2], [3, 4.0]])", (2, 2), "float64"),
    ("import numpy as np\nx = np.zeros((10, 3), np.uint8) / 255.0", (10, 3), "float64"),
    ("import numpy as np\nx = np.zeros((10, 3), np.uint8) * 2", (10, 3), "uint8"),
    ("import numpy as np\nx = np.zeros((10, 3), 'float32') / 255.0", (10, 3), "float32"),
    ("import numpy as np\nx = 2.0 * np.zeros((10, 3), 'float32') - 1", (10, 3), "float32"),
    ("import numpy as np\nx = np.random.rand(60, 4).astype('float32')", (60, 4), "float32"),
    ("import numpy as np\nx = np.random.rand(60, 4).reshape(-1, 2, 2)", (60, 2, 2), "float64"),
    ("import numpy as np\nx = np.random.rand(60, 4).reshape((6, 40))", (6, 40), "float64"),
    ("import numpy as np\nx = np.reshape(np.zeros((4, 4)), (16,))", (16,), "float64"),
    ("import numpy as np\nx = np.zeros((4, 4)).flatten()", (16,), "float64"),
    ("import numpy as np\na = np.zeros((10, 3))\nx = np.concatenate([a, a], axis=0)", (20, 3), "float64"),
    ("import numpy as np\na = np.zeros((10, 3))\nx = np.concatenate((a, a), axis=1)", (10, 6), "float64"),
    ("import numpy as np\na = np.zeros((10, 3))\nx = np.stack([a, a, a])", (3, 10, 3), "float64"),
    ("import numpy as np\na = np.zeros((3,))\nx = np.vstack([a, a])", (2, 3), "float64"),
    ("import numpy as np\nx = np.zeros((100, 3))[:10]", (10, 3), "float64"),
    ("import numpy as np\nx = np.zeros((100, 3))[..., None]", (100, 3, 1), "float64"),
    ("import numpy as np\nx = np.zeros((100, 3))[:, np.newaxis]", (100, 1, 3), "float64"),
    ("import numpy as np\nx = np.expand_dims(np.zeros((5, 5)), -1)", (5, 5, 1), "float64"),
    ("import numpy as np\nx = np.zeros((5, 4), 'float32')\nx = (x - x.mean(axis=0)) / (x.std(axis=0) + 1e-7)",
     (5, 4), "float32"),
    ("import keras\n(x, y), _ = keras.datasets.mnist.load_data()\nx = x.reshape(-1, 784).astype('float32') / 255",
     (60000, 784), "float32"),
    ("import keras\n(a, y), _ = keras.datasets.cifar10.load_data()\nx = keras.utils.to_categorical(y, 10)",
     (50000, 10), "float32"),
    ("import keras\n(a, x), _ = keras.datasets.imdb.load_data(num_words=100)", (25000,), "int64"),
    ("import keras\n_, (x, b) = keras.datasets.boston_housing.load_data()", (102, 13), "float64"),
])
def test_known_shapes(source, shape, dtype):
    found = info(source)
    assert (found.shape, found.dtype) == (shape, dtype)


@pytest.mark.parametrize("source, bundled", [
    ("import keras\n(x, _), _ = keras.datasets.cifar10.load_data()\nz = x / 255.0", True),
    ("import keras\n(_, y), _ = keras.datasets.mnist.load_data()\nz = keras.utils.to_categorical(y, 10)", True),
    ("import numpy as np\nz = np.zeros((10, 10))", False),
])
def test_bundled_dataset_arrays_are_marked(source, bundled):
    assert info(source, "z").bundled is bundled


def test_nbytes_and_describe():
    found = info("import numpy as np\nx = np.zeros((1000, 224, 224, 3), dtype='float32')")
    assert found.nbytes == 1000 * 224 * 224 * 3 * 4
    assert found.describe() == "(1000, 224, 224, 3) float32 = 574.2 MiB"


@pytest.mark.parametrize("source", [
    "import pandas as pd\nx = pd.read_csv('a.csv').values",
    "def f(x):\n    return x",
    "import numpy as np\nx = np.zeros((n, 3))",
    "import numpy as np\nx = np.array(rows)",
    "import numpy as np\nx = np.load('x.npy', mmap_mode='r')",
    "import numpy as np\nx = np.random.normal(0, 1)",  # a scalar
    "import numpy as np\nx = np.zeros((10, 3)) + other",
    "import numpy as np\nx = np.zeros((4, 4)).reshape(3, 5)",  # impossible reshape
    "import numpy as np\nx = np.zeros((10, 3))\nfor i in range(3):\n    x = np.zeros((i, 3))\n    use(x)",
    # a list built by appends is not its empty literal
    "import numpy as np\nrows = []\nfor r in data:\n    rows.append(r)\nx = np.array(rows)",
    "import numpy as np\nrows, ys = [], []\nrows.append([1, 2])\nx = np.array(rows)",
])
def test_unknown(source):
    found = info(source)
    assert found is None or found.nbytes is None and not found.loaded


def test_unknown_dtype_keeps_shape_but_no_size():
    found = info("import numpy as np\nx = np.zeros((10, 3), dtype=my_dtype)")
    assert found.shape == (10, 3) and found.dtype is None and found.nbytes is None


def test_np_load_is_loaded_whole():
    assert info("import numpy as np\nx = np.load('x.npy')").loaded == "np.load('x.npy')"
    assert info("import numpy as np\nx = np.load('x.npy', mmap_mode=None) / 255.0").loaded
    assert info("import numpy as np\nx = np.load('x.npy')[:100]").loaded
    assert info("import numpy as np\nd = np.load('d.npz')\nx = d['x']").loaded == "np.load('d.npz')['x']"
    # npz archives ignore mmap_mode: the member is read whole.
    assert info("import numpy as np\nd = np.load('d.npz', mmap_mode='r')\nx = d['x']").loaded
    assert info("import numpy as np\nd = np.load(p, mmap_mode='r')\nx = d['x']") is None


# -- what training calls receive ---------------------------------------------------------------------
def _fit_call(facts: FileFacts, method: str = "fit") -> cst.Call:
    return facts.method_calls(method)[-1]


def test_fed_to_roles():
    facts = _facts("""
        import numpy as np
        import keras
        a = np.zeros((10, 3))
        b = np.zeros((10, 2), dtype="float32")
        v = np.zeros((4, 3))
        model = keras.Sequential([])
        model.fit({"a": a, "b": b}, y=np.zeros(10), validation_data=(v, np.zeros(4)))
    """)
    fed = facts.arrays.fed_to(_fit_call(facts))
    assert [f.role for f in fed] == ["x['a']", "x['b']", "y", "validation_data[0]", "validation_data[1]"]
    assert sum(f.info.nbytes for f in fed) == 10 * 3 * 8 + 10 * 2 * 4 + 10 * 8 + 4 * 3 * 8 + 4 * 8


def test_fed_to_skips_unknown():
    facts = _facts("""
        import keras
        model = keras.Sequential([])
        model.fit(x, y)
    """)
    assert facts.arrays.fed_to(_fit_call(facts)) == []


def test_dataset_sources():
    facts = _facts("""
        import numpy as np
        import tensorflow as tf
        ds = tf.data.Dataset.from_tensor_slices((np.zeros((5, 2)), np.load("y.npy")))
    """)
    call = facts.calls_to("tensorflow.data.Dataset.from_tensor_slices")[0]
    fed = facts.arrays.dataset_sources(call)
    assert [(f.role, f.info.shape, bool(f.info.loaded)) for f in fed] == [
        ("tensors[0]", (5, 2), False), ("tensors[1]", None, True)]


# -- sizes -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    (1024, 1024), ("1GiB", 2**30), ("512 MiB", 512 * 2**20), ("2GB", 2 * 10**9), ("1.5 gib", 3 * 2**29),
    ("1073741824", 2**30), ("10 kB", 10_000), ("3 TiB", 3 * 2**40),
])
def test_parse_size(text, expected):
    assert parse_size(text) == expected


@pytest.mark.parametrize("junk", ["lots", "1 GX", "-1GB", "0", True, None, [1], "1 G iB"])
def test_parse_size_rejects_junk(junk):
    with pytest.raises(ValueError, match="size"):
        parse_size(junk)


def test_format_size():
    assert format_size(2**30) == "1 GiB"
    assert format_size(1536) == "1.5 KiB"
    assert format_size(12) == "12 B"


def test_train_test_split_rows():
    source = """
        import numpy as np
        from sklearn.model_selection import train_test_split
        X = np.zeros((1000, 8), dtype="float32")
        y = np.random.randint(0, 3, 1000)
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
    """
    assert info(source, "X_train") == ArrayInfo((800, 8), "float32")
    assert info(source, "X_test") == ArrayInfo((200, 8), "float32")
    assert info(source, "y_test") == ArrayInfo((200,), "int64")
    assert encoding(source, "y_train") == "integer"
    default = source.replace(", test_size=0.2", "")
    assert info(default, "X_train").shape == (750, 8)
    assert info(source.replace("test_size=0.2", "train_size=0.5"), "X_train").shape is None


def test_local_function_returns():
    source = """
        import numpy as np
        def load():
            x = np.load("x.npy")
            return x, np.zeros((10, 2))
        def make(n):
            return np.zeros((n, 2))
        def gen():
            yield np.zeros(3)
            return np.zeros(3)
        a, b = load()
        c = make(5)
        d = gen()
    """
    assert info(source, "a").loaded == 'np.load("x.npy")'
    assert info(source, "b") == ArrayInfo((10, 2), "float64")
    assert info(source, "c") is None or info(source, "c").shape is None
    assert info(source, "d") is None


# -- tuples returned by local loaders, fancy indexing -------------------------------------------------
_LOADER = """
    import numpy as np
    N = 500
    def load_all(paths):
        images = np.zeros((N, 64, 64, 3), dtype="float32")
        labels = np.zeros((N,), dtype="int32")
        for i, path in enumerate(paths):
            images[i] = read(path)
            labels[i] = label_of(path)
        order = {order}
        return images[order], labels[order]
    x, y = load_all(PATHS)
"""


@pytest.mark.parametrize("order, rows", [
    ("np.random.permutation(N)", 500),
    ("np.random.permutation(200)", 200),
    ("np.arange(100)", 100),
    ("np.arange(0, N, 2)", 250),
    ("np.random.default_rng(0).permutation(N)", 500),
    ("np.random.permutation(len(images))", 500),
    ("np.random.permutation(np.arange(N))", 500),
])
def test_loader_tuple_with_fancy_index(order, rows):
    source = _LOADER.format(order=order)
    assert info(source, "x") == ArrayInfo((rows, 64, 64, 3), "float32")
    assert info(source, "y") == ArrayInfo((rows,), "int32")


@pytest.mark.parametrize("order", [
    "np.random.permutation(count)",          # length unknown
    "np.argsort(scores)",                    # index of unknown length
    "np.where(labels > 0)[0]",
    "labels > 0",                            # boolean mask: rows unknown
    "np.arange(0.0, 10.0)",                  # float indices: not an index array
    "np.zeros((N, 2), dtype='int64')",       # 2-D index: shape changes otherwise
    "3",                                     # a scalar index drops the first dimension
])
def test_fancy_index_of_unknown_length(order):
    assert info(_LOADER.format(order=order), "x") is None


def test_rng_permutation_and_two_returns():
    source = """
        import numpy as np
        rng = np.random.default_rng(1)
        base = np.ones((300, 8), dtype="float32")
        x = base[rng.permutation(300)]
        def load(flag):
            a = np.zeros((10, 4))
            if flag:
                return a, a
            return a[::-1], a
        p, q = load(True)
    """
    assert info(source, "x") == ArrayInfo((300, 8), "float32")
    assert info(source, "p") is None


# -- labels produced by data objects ----------------------------------------------------------------
@pytest.mark.parametrize("source, expected", [
    ("""
import keras
class Batches(keras.utils.PyDataset):
    def __getitem__(self, i):
        x = self.x[i]
        y = keras.utils.to_categorical(self.y[i], num_classes=5)
        return x, y
ds = Batches(a, b)""", "one_hot"),
    ("""
import tensorflow as tf
import numpy as np
class Seq(tf.keras.utils.Sequence):
    def __getitem__(self, i):
        return self.x[i], np.random.randint(0, 3, size=(32,))
ds = Seq()""", "integer"),
    ("""
from tensorflow.keras.utils import Sequence
import numpy as np
class Base(Sequence):
    def __getitem__(self, i):
        y = np.eye(4)[self.y[i]]
        return self.x[i], y, self.w[i]
class Child(Base):
    pass
ds = Child()""", "one_hot"),
    ("""
import numpy as np
import keras
def batches(x, y):
    while True:
        idx = np.random.randint(0, len(x), 32)
        yield x[idx], keras.utils.to_categorical(y[idx], 10)
ds = batches(a, b)""", "one_hot"),
    ("""
import numpy as np
import tensorflow as tf
def gen():
    for i in range(10):
        yield np.zeros((4,)), np.argmax(p[i], axis=-1)
ds = tf.data.Dataset.from_generator(gen, output_signature=sig).batch(8)""", "integer"),
    ("""
import tensorflow as tf
import keras
def gen(xs, ys):
    for xb, yb in zip(xs, ys):
        yield xb, keras.utils.to_categorical(yb, 3)
ds = tf.data.Dataset.from_generator(lambda: gen(a, b), output_types=t)""", "one_hot"),
])
def test_data_object_labels(source, expected):
    assert encoding(source, "ds") == expected


@pytest.mark.parametrize("source", [
    # labels read from `self`: unknown
    """
import keras
class Batches(keras.utils.PyDataset):
    def __getitem__(self, i):
        return self.x[i], self.y[i]
ds = Batches()""",
    # not a Keras data object
    """
import keras
class Batches:
    def __getitem__(self, i):
        return self.x[i], keras.utils.to_categorical(self.y[i], 3)
ds = Batches()""",
    # returns disagree
    """
import keras, numpy as np
class Batches(keras.utils.PyDataset):
    def __getitem__(self, i):
        if self.one_hot:
            return self.x[i], keras.utils.to_categorical(self.y[i], 3)
        return self.x[i], np.argmax(self.p[i], axis=1)
ds = Batches()""",
    # one return is features only
    """
import keras
class Batches(keras.utils.PyDataset):
    def __getitem__(self, i):
        if self.predicting:
            return self.x[i]
        return self.x[i], keras.utils.to_categorical(self.y[i], 3)
ds = Batches()""",
    # yield from: values unseen
    """
import keras
def gen():
    yield from other()
    yield x, keras.utils.to_categorical(y, 3)
ds = gen()""",
    # a yield in a nested function does not make the outer one a batch producer
    """
import keras
def outer():
    def inner():
        yield x, keras.utils.to_categorical(y, 3)
    return inner
ds = outer()""",
    # not a generator: a plain function
    """
import keras
def make():
    return x, keras.utils.to_categorical(y, 3)
ds = make()[0]""",
    # from_generator of something unresolved
    """
import tensorflow as tf
ds = tf.data.Dataset.from_generator(make_gen(), output_types=t)""",
])
def test_data_object_labels_unknown(source):
    assert encoding(source, "ds") is None


# -- sizes of np.load: stated by the code, or by the file's header (issue 7) -----------------------
def test_np_load_size_stated_by_a_reshape_is_a_lower_bound_without_dtype():
    found = info("import numpy as np\nx = np.load('t.npy').reshape(200000, 128, 128, 3)")
    assert found.shape == (200000, 128, 128, 3) and found.loaded
    assert found.nbytes == 200000 * 128 * 128 * 3 and found.nbytes_is_lower_bound
    assert "of unknown dtype, at least 9.2 GiB, read whole by" in found.describe()
    typed = info("import numpy as np\nx = np.load('t.npy').astype('float32').reshape(10, 4)")
    assert typed.nbytes == 160 and not typed.nbytes_is_lower_bound
    assert info("import numpy as np\nx = np.load('t.npy').reshape(-1, 128)").nbytes is None


def test_np_load_size_stated_by_an_assert():
    source = """
        import numpy as np
        specs = np.load("s.npy").astype("float32")
        assert specs.shape == (60000, 256, 256, 1), specs.shape
    """
    assert info(source, "specs").nbytes == 60000 * 256 * 256 * 4
    other = """
        import numpy as np
        a = np.load("a.npy")
        b = np.load("b.npy")
        assert a.shape == (10, 10)
    """
    assert info(other, "b").shape is None  # the assert is about another binding


def _write_npy_header(path, shape, descr="<f4", version=1):
    """A file that is only a .npy header: it says `shape` without holding any data."""
    import struct

    header = repr({"descr": descr, "fortran_order": False, "shape": shape}).encode("latin1")
    header += b" " * (63 - (len(header) + 10) % 64) + b"\n"
    length = struct.pack("<H", len(header)) if version == 1 else struct.pack("<I", len(header))
    path.write_bytes(b"\x93NUMPY" + bytes([version, 0]) + length + header)


def test_np_load_size_from_the_header_of_an_existing_file_next_to_the_program(tmp_path):
    (tmp_path / "data").mkdir()
    _write_npy_header(tmp_path / "data" / "x.npy", (120000, 128, 128, 3), "|u1")
    _write_npy_header(tmp_path / "data" / "v2.npy", (10, 3), "<f8", version=2)
    program = tmp_path / "train.py"
    source = ("import numpy as np\nx = np.load('data/x.npy')\nv = np.load('data/v2.npy')\n"
              "m = np.load('data/missing.npy')\n__probe__(x, v, m)\n")
    facts = FileFacts(cst.parse_module(source), str(program))
    x, v, m = (a.value for a in facts.index.calls[-1].args)
    assert facts.arrays.info(x).shape == (120000, 128, 128, 3)
    assert facts.arrays.info(x).dtype == "uint8"
    assert facts.arrays.info(v).nbytes == 240
    assert facts.arrays.info(m).shape is None and facts.arrays.info(m).loaded


def test_npz_member_size_from_its_header(tmp_path):
    import io
    import zipfile

    with zipfile.ZipFile(tmp_path / "d.npz", "w", zipfile.ZIP_DEFLATED) as archive:
        for name, shape in (("images", (20000, 256, 256, 3)), ("labels", (20000,))):
            buffer = tmp_path / f"{name}.tmp"
            _write_npy_header(buffer, shape, "|u1")
            archive.writestr(f"{name}.npy", buffer.read_bytes())
    source = "import numpy as np\nd = np.load('d.npz')\nx = d['images']\n__probe__(x, d['nope'])\n"
    facts = FileFacts(cst.parse_module(source), str(tmp_path / "prog.py"))
    x, missing = (a.value for a in facts.index.calls[-1].args)
    found = facts.arrays.info(x)
    assert found.shape == (20000, 256, 256, 3) and found.npz
    assert facts.arrays.info(missing).shape is None


def test_headers_that_are_not_npy_stay_unknown(tmp_path):
    (tmp_path / "x.npy").write_bytes(b"not a numpy file at all")
    (tmp_path / "p.npy").write_bytes(b"\x93NUMPY\x01\x00\x10\x00{'descr': |O8}  \n")
    source = "import numpy as np\na = np.load('x.npy')\nb = np.load('p.npy')\n__probe__(a, b)\n"
    facts = FileFacts(cst.parse_module(source), str(tmp_path / "prog.py"))
    for arg in facts.index.calls[-1].args:
        assert facts.arrays.info(arg.value).shape is None


@pytest.mark.parametrize("source, shape", [
    ("import numpy as np\na = np.zeros((10, 20, 30))\nx = np.swapaxes(a, 1, 2)", (10, 30, 20)),
    ("import numpy as np\na = np.zeros((10, 20, 30))\nx = a.swapaxes(0, -1)", (30, 20, 10)),
    ("import numpy as np\na = np.zeros((10, 20, 30))\nx = np.transpose(a)", (30, 20, 10)),
    ("import numpy as np\na = np.zeros((10, 20, 30))\nx = a.transpose(0, 2, 1)", (10, 30, 20)),
    ("import numpy as np\na = np.zeros((10, 20, 30))\nx = a.transpose((1, 0, 2))", (20, 10, 30)),
    ("import numpy as np\na = np.zeros((10, 20, 30))\nx = np.moveaxis(a, 0, -1)", (20, 30, 10)),
    ("import numpy as np\na = np.zeros((10, 20))\nx = np.expand_dims(np.swapaxes(a, 0, 1), -1)[:5]",
     (5, 10, 1)),
])
def test_axes_permuted_and_added(source, shape):
    assert info(source).shape == shape


def test_helper_returning_a_transform_of_its_argument():
    source = """
        import numpy as np
        def normalize(images, eps=1e-7):
            mean = images.mean(axis=(0, 1, 2), keepdims=True)
            return (images - mean) / (images.std(axis=(0, 1, 2), keepdims=True) + eps)
        def identity(a):
            return a
        images = np.empty((500, 32, 32, 3), dtype=np.float32)
        x = normalize(images)
        y = identity(images[:10])
    """
    assert info(source, "x").shape == (500, 32, 32, 3)
    assert info(source, "y").shape == (10, 32, 32, 3)
    assert info(source, "normalize(unknown)") is None


def test_a_slice_of_a_loaded_array_of_known_size_is_the_slice():
    found = info("import numpy as np\nx = np.load('t.npy').reshape(1000, 64)[:100]")
    assert found.shape == (100, 64) and found.loaded


@pytest.mark.parametrize("source, expected", [
    ("import numpy as np\ny = np.random.randint(2, size=(1280, 4))", None),  # multi-hot rows
    ("import numpy as np\ny = np.random.randint(0, 4, size=(1280, 1))", "integer"),
    ("import numpy as np\ny = np.random.randint(0, 4, size=(1280,))", "integer"),
    ("import numpy as np\nv = np.random.randint(0, 4, size=(500, 6))\ny = v.astype('int32')", None),
    ("import numpy as np\nrng = np.random.default_rng(0)\n"
     "y = rng.integers(0, 2, size=(64, 3))", None),
    ("import numpy as np\nimport tensorflow as tf\nt = np.random.randint(2, size=(64, 5))\n"
     "y = tf.data.Dataset.from_tensor_slices((np.zeros((64, 3)), t))", None),
])
def test_integer_labels_are_class_indices_only_when_their_shape_says_so(source, expected):
    assert encoding(source) == expected
