"""Pipeline facts: tf.data pipelines and their state, what training calls are fed, pixel ranges,
model inputs and labels ordered by class, including every "unknown" answer."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from keraslint.analysis import FileFacts
from keraslint.analysis.calls import receiver
from keraslint.analysis.pipelines import DATASET, GENERATOR, IMAGE_FLOW, OTHER, PY_DATASET


def _facts(source: str) -> FileFacts:
    return FileFacts(cst.parse_module(textwrap.dedent(source)))


def _probe(source: str, name: str = "ds"):
    facts = _facts(textwrap.dedent(source) + f"\n__probe__({name})\n")
    return facts, facts.index.calls[-1].args[0].value


def state(source: str, name: str = "ds"):
    facts, expr = _probe(source, name)
    return facts.pipelines.state(expr)


def pixels(source: str, name: str = "x"):
    facts, expr = _probe(source, name)
    found = facts.pipelines.pixels(expr)
    return None if found is None else found.describe()


# -- pipelines and their state --------------------------------------------------------------------
def test_source_then_batch_through_reassignments():
    s = state("""
        import tensorflow as tf
        ds = tf.data.Dataset.from_tensor_slices((x, y))
        ds = ds.shuffle(1000)
        ds = ds.batch(64)
    """)
    assert s.is_dataset.value is True
    assert (s.batched.value, s.batch_size) == (True, 64)
    assert s.reshuffled.value is True and s.prefetched.value is False


def test_shuffle_after_batch_does_not_reshuffle_examples():
    s = state("import tensorflow as tf\nds = tf.data.Dataset.range(9).batch(3).shuffle(3)")
    assert s.batched.value is True and s.reshuffled.value is False
    assert s.shuffled_once.value is True


@pytest.mark.parametrize("source, batched, size, reshuffled, prefetched", [
    ("import keras\nds = keras.utils.image_dataset_from_directory('d')", True, 32, True, True),
    ("import keras\nds = keras.utils.image_dataset_from_directory('d', batch_size=None)",
     False, None, True, True),
    ("import keras\nds = keras.utils.image_dataset_from_directory('d', shuffle=False)",
     True, 32, False, True),
    ("import tensorflow as tf\nds = tf.keras.utils.text_dataset_from_directory('d', batch_size=8)",
     True, 8, True, True),
    ("import keras\nds = keras.utils.timeseries_dataset_from_array(a, b, 10)",
     True, 128, False, True),
    ("import tensorflow_datasets as tfds\nds = tfds.load('mnist', split='train', batch_size=16)",
     True, 16, False, True),
    ("import tensorflow_datasets as tfds\nds = tfds.load('mnist', split='train')",
     False, None, False, True),
    ("import tensorflow as tf\nds = tf.data.experimental.make_csv_dataset('f.csv', 12)",
     True, 12, True, True),
])
def test_source_state(source, batched, size, reshuffled, prefetched):
    s = state(source)
    assert (s.batched.value, s.batch_size, s.reshuffled.value, s.prefetched.value) == (
        batched, size, reshuffled, prefetched)


def test_subset_both_unpacks_and_the_validation_half_is_not_shuffled():
    source = ("import keras\ntrain, val = keras.utils.image_dataset_from_directory("
              "'d', validation_split=0.2, subset='both', seed=1)")
    assert state(source, "train").reshuffled.value is True
    assert state(source, "val").reshuffled.value is False


def test_tfds_with_info_and_split_list():
    source = ("import tensorflow_datasets as tfds\n(train, test), info = tfds.load("
              "'cifar10', split=['train', 'test'], with_info=True, as_supervised=True)")
    assert state(source, "train").is_dataset.value is True
    assert state(source, "info").is_dataset.value is None


def test_helper_function_and_its_parameters():
    s = state("""
        import tensorflow as tf
        def make(features, labels, batch_size=32):
            ds = tf.data.Dataset.from_tensor_slices((features, labels))
            return ds.batch(batch_size)
        ds = make(a, b)
    """)
    assert (s.batched.value, s.batch_size) == (True, 32)


def test_branches_merge_to_what_they_agree_on():
    s = state("""
        import tensorflow as tf
        ds = tf.data.Dataset.from_tensor_slices(x)
        if training:
            ds = ds.shuffle(100)
        ds = ds.batch(8)
    """)
    assert s.batched.value is True and s.reshuffled.value is None


def test_cache_freezes_shuffling_and_random_maps():
    s = state("""
        import tensorflow as tf
        def aug(x):
            return tf.image.random_flip_left_right(x)
        ds = tf.data.Dataset.from_tensor_slices(x).shuffle(9).map(aug).cache()
    """)
    assert s.cached.value is True and s.reshuffled.value is False and s.random_map.value is False


@pytest.mark.parametrize("function, random", [
    ("lambda x: tf.image.random_flip_left_right(x)", True),
    ("lambda x: tf.image.resize(x, (8, 8))", None),
    ("lambda x: aug(x)", True),
    ("lambda x: aug(x, training=False)", None),
    ("lambda x: tf.image.stateless_random_flip_left_right(x, seed=(1, 2))", None),
    ("lambda x: np.random.rand() * x", None),  # evaluated once when traced: not per element
    ("maybe", None),
    ("unknown_function", None),
])
def test_random_map_functions(function, random):
    s = state(f"""
        import numpy as np
        import tensorflow as tf
        aug = tf.keras.Sequential([tf.keras.layers.RandomFlip(), tf.keras.layers.RandomZoom(0.1)])
        def maybe(x, flip=False):
            if flip:
                x = tf.image.random_flip_left_right(x)
            return x
        ds = tf.data.Dataset.from_tensor_slices(x).map({function})
    """)
    assert s.random_map.value is random


@pytest.mark.parametrize("source", [
    "def f(ds):\n    return ds.batch(2)",  # a parameter: unknown upstream
    "ds = loader.batch(2)",  # an unknown object with a `batch` method
    "import numpy as np\nds = np.arange(4)",
])
def test_unknown_datasets(source):
    facts, expr = _probe(source + "\n" if "def" not in source else source + "\nds = f(q)")
    assert facts.pipelines.state(expr).is_dataset.value is None


def test_annotated_parameter_is_a_dataset():
    facts = _facts("""
        import tensorflow as tf
        def f(ds: tf.data.Dataset):
            ds.shuffle(10)
    """)
    assert len(facts.pipelines.discarded()) == 1


def test_distinctive_methods_make_an_unknown_object_a_dataset():
    s = state("ds = loader.prefetch(2)")
    assert s.is_dataset.value is True


def test_discarded_transformations_only_on_datasets():
    facts = _facts("""
        import random
        import numpy as np
        import tensorflow as tf
        ds = tf.data.Dataset.range(10)
        ds.shuffle(10)
        np.random.shuffle(order)
        random.shuffle(paths)
        rng.shuffle(order)
        frame.filter(items=["a"])
        ds = ds.batch(2)
    """)
    assert [facts.code_range(o.call).start.line for o in facts.pipelines.discarded()] == [6]


def test_followed_by_downstream_operations():
    facts = _facts("import tensorflow as tf\nds = tf.data.Dataset.range(9).batch(3).shuffle(2)"
                   ".unbatch()\nother = tf.data.Dataset.range(9).batch(3).shuffle(2)")
    shuffles = [op.call for op in facts.pipelines.operations("shuffle")]
    assert [facts.pipelines.followed_by(c, "unbatch") for c in shuffles] == [True, False]


def test_zip_takes_what_its_datasets_agree_on():
    s = state("""
        import tensorflow as tf
        a = tf.data.Dataset.range(4).batch(2).prefetch(1)
        b = tf.data.Dataset.range(4).batch(2)
        ds = tf.data.Dataset.zip((a, b))
    """)
    assert s.is_dataset.value is True and s.batched.value is True
    assert s.prefetched.value is None


def test_parallel_map_runs_ahead_like_a_prefetch():
    s = state("import tensorflow as tf\nds = tf.data.TFRecordDataset(f).map(g, "
              "num_parallel_calls=tf.data.AUTOTUNE)")
    assert s.prefetched.value is True


# -- training calls --------------------------------------------------------------------------------
@pytest.mark.parametrize("fed, kind", [
    ("tf.data.Dataset.range(3).batch(1)", DATASET),
    ("Batches()", PY_DATASET),
    ("gen()", GENERATOR),
    ("(b for b in batches)", GENERATOR),
    ("tf.keras.preprocessing.image.ImageDataGenerator().flow(x, y)", IMAGE_FLOW),
    ("x_train", OTHER),
])
def test_fed_kinds(fed, kind):
    facts = _facts(f"""
        import tensorflow as tf
        class Batches(tf.keras.utils.Sequence):
            pass
        def gen():
            yield 1
        model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
        model.fit({fed})
    """)
    (call,) = facts.pipelines.training_calls
    assert facts.pipelines.fed(call).kind == kind


# -- pixels ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("source, expected", [
    ("import keras\n(x, y), _ = keras.datasets.mnist.load_data()", "in [0, 255]"),
    ("import keras\n(x, y), _ = keras.datasets.cifar10.load_data()\nx = x.astype('float32')",
     "in [0, 255]"),
    ("import keras\n(x, y), _ = keras.datasets.mnist.load_data()\nx = x / 255.0", "in [0, 1]"),
    ("import keras\n(x, y), _ = keras.datasets.mnist.load_data()\nx = x / 127.5 - 1",
     "in [-1, 1]"),
    ("import keras\n(x, y), _ = keras.datasets.mnist.load_data()\nx = x[..., None][:100]",
     "in [0, 255]"),
    ("import keras\n(x, y), _ = keras.datasets.mnist.load_data()\nx = (x - x.mean()) / x.std()",
     "changed"),
    ("import tensorflow as tf\nx = tf.image.convert_image_dtype(tf.io.decode_png(b), tf.float32)",
     "in [0, 1]"),
    # resize returns float32: convert_image_dtype then does not scale
    ("import tensorflow as tf\nx = tf.image.convert_image_dtype("
     "tf.image.resize(tf.io.decode_png(b), (8, 8)), tf.float32)", "in [0, 255]"),
    ("import keras\nx = keras.applications.resnet50.preprocess_input(img)", "preprocessed by "
     "`resnet50.preprocess_input`"),
])
def test_pixel_ranges(source, expected):
    assert pixels(source) == expected


@pytest.mark.parametrize("source", [
    # an augmented assignment: the value is not followed
    "import keras\n(x, y), _ = keras.datasets.mnist.load_data()\nx = x.astype('f4')\nx /= 255",
    "x = load_images()",
    "import keras\n(x, y), _ = keras.datasets.imdb.load_data()",  # not images
])
def test_pixel_ranges_unknown(source):
    assert pixels(source) is None


def _consumer(source: str):
    facts = _facts(source)
    (call,) = facts.pipelines.training_calls
    model = facts.models.model_of(receiver(call), call)
    fed = facts.pipelines.fed_pixels(call)
    found = facts.pipelines.first_consumer(model, fed) if model and fed else None
    return None if found is None else (found.kind, found.pixels and found.pixels.describe())


def test_fed_pixels_through_a_pipeline_and_a_sequential_model():
    assert _consumer("""
        import tensorflow as tf
        (x, y), _ = tf.keras.datasets.mnist.load_data()
        ds = tf.data.Dataset.from_tensor_slices((x, y)).map(lambda a, b: (tf.cast(a, tf.float32), b))
        model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(10)])
        model.fit(ds.batch(32))
    """) == ("Dense", "in [0, 255]")


def test_rescaling_inside_the_model():
    assert _consumer("""
        import keras
        ds = keras.utils.image_dataset_from_directory("d")
        model = keras.Sequential([keras.layers.RandomFlip(), keras.layers.Rescaling(1 / 255),
                                  keras.layers.Conv2D(8, 3)])
        model.fit(ds)
    """) == ("Conv2D", "in [0, 1]")


def test_functional_model_with_preprocess_input_before_an_application():
    assert _consumer("""
        import keras
        ds = keras.utils.image_dataset_from_directory("d")
        base = keras.applications.MobileNetV2(include_top=False)
        inputs = keras.Input((224, 224, 3))
        h = base(keras.applications.mobilenet_v2.preprocess_input(inputs))
        out = keras.layers.Dense(2)(keras.layers.GlobalAveragePooling2D()(h))
        model = keras.Model(inputs, out)
        model.fit(ds)
    """) == ("MobileNetV2", "preprocessed by `mobilenet_v2.preprocess_input`")


def test_unknown_layer_before_the_first_learned_layer():
    assert _consumer("""
        import keras
        ds = keras.utils.image_dataset_from_directory("d")
        model = keras.Sequential([MyScaler(), keras.layers.Conv2D(8, 3)])
        model.fit(ds)
    """) is None


@pytest.mark.parametrize("weights, include_preprocessing, pretrained, mode", [
    ("", "", True, "tf"),
    ("weights=None", "", False, "tf"),
    ("weights='my.h5'", "", None, "tf"),
])
def test_applications(weights, include_preprocessing, pretrained, mode):
    facts, expr = _probe(f"import keras\nm = keras.applications.MobileNetV2({weights})", "m")
    app = facts.pipelines.application(facts.values.resolve(expr))
    assert (app.pretrained, app.mode) == (pretrained, mode)


def test_built_in_preprocessing_can_be_turned_off():
    facts, expr = _probe("import keras\nm = keras.applications.ConvNeXtTiny("
                         "include_preprocessing=False)", "m")
    assert facts.pipelines.application(facts.values.resolve(expr)).mode == "tf"


# -- labels ordered by class ----------------------------------------------------------------------
def blocks(source: str, name: str = "y"):
    facts, expr = _probe(source, name)
    found = facts.pipelines.class_blocks(expr)
    return None if found is None else found.how


@pytest.mark.parametrize("source, how", [
    ("import numpy as np\ny = np.concatenate([np.zeros(5), np.ones(5)])", "concatenated"),
    ("import numpy as np\ny = np.array([0] * 5 + [1] * 5)", "concatenated"),
    ("import numpy as np\ny = np.hstack([np.full(3, 2), np.full(3, 1)]).astype(int)",
     "concatenated"),
    ("import numpy as np\ny = np.repeat(np.arange(3), 10)", "repeated"),
    ("import numpy as np\nlabels = []\nfor i, c in enumerate(classes):\n    for f in files[c]:\n"
     "        labels.append(i)\ny = np.array(labels)", "appended"),
])
def test_class_blocks(source, how):
    assert blocks(source).startswith(how)


@pytest.mark.parametrize("source", [
    "import numpy as np\ny = np.concatenate([np.zeros(5), np.zeros(5)])",  # one class
    "import numpy as np\ny = np.concatenate([a, b])",  # unknown parts
    "import numpy as np\ny = np.concatenate([np.zeros(5), np.ones(5)])\ny = y[np.random.permutation(10)]",
    "import numpy as np\ny = np.concatenate([np.zeros(5), np.ones(5)])\nnp.random.shuffle(y)",
    "import numpy as np\nlabels = []\nfor p, l in zip(paths, ls):\n    labels.append(l)\n"
    "y = np.array(labels)",
    "import numpy as np\nfrom sklearn.model_selection import train_test_split\n"
    "a, b, y, d = train_test_split(x, np.repeat(np.arange(3), 10))",
])
def test_class_blocks_unknown(source):
    assert blocks(source) is None
