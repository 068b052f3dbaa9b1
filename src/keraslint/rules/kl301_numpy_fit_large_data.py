from typing import Iterator

import libcst as cst

from keraslint.analysis import FileFacts
from keraslint.analysis.arrays import FIT_METHODS, fed_summary, format_size, streaming_advice
from keraslint.analysis.calls import anchor, method_name, receiver
from keraslint.rules.base import Invalid, Report, Rule, Valid
from keraslint.rules.options import LARGE_ARRAY_THRESHOLD

THRESHOLD_KEY = LARGE_ARRAY_THRESHOLD.key


class NumpyFitLargeData(Rule):
    """
    ## What it does
    Checks for `fit`, `evaluate`, `predict` and `*_on_batch` calls on a Keras model that receive
    in-memory NumPy arrays whose statically known size is above a threshold (default 1 GiB of
    array data in one call, counting x, y and `validation_data`).

    An array read whole with `np.load` (without `mmap_mode`) counts only when its size is
    known: the code states it (`.reshape(200000, 128, 128, 3)`, `assert x.shape == (...)`;
    with the dtype unknown, at one byte per element at least), or the path is a literal naming
    an existing `.npy` file (or `.npz` member) next to the linted file whose header gives shape
    and dtype (only the header is read). An `np.load` of a file whose size the code never
    states is not reported: a downloaded 12 MB `.npz` is loaded whole as it should be.

    ## Why is this bad?
    Arrays passed to `fit` must sit in host memory for the whole run, next to whatever copy
    Keras makes when it slices them into batches, so a data set that is large now (or grows
    later) ends in an out-of-memory crash or heavy swapping long before the GPU is the limit.
    A `tf.data` pipeline reads the data in batches from a generator, TFRecord files or a
    memory-mapped `.npy` file, and can prefetch the next batch while the model trains.

    Only sizes the code fixes are counted: arrays of unknown shape (read from pandas, passed
    in as a parameter, built in a loop, loaded from a file of unstated size) are not reported,
    nor are the data sets Keras ships to be loaded whole (`keras.datasets.*`, all under
    1.5 GB, e.g. CIFAR-10 as float64). Arrays are followed through slicing, `reshape`,
    `astype`, `np.expand_dims`, `np.swapaxes`/`transpose`/`moveaxis`, scalar arithmetic and
    local helper functions that return a transform of their argument.

    The model must be a Keras model
    (`keras.Sequential`, `keras.Model`, a subclass, `load_model`, `keras.applications.*`, or a
    function returning one); an unresolved receiver counts unless the file imports a library
    with its own `.fit` (scikit-learn, XGBoost, LightGBM, ...).

    ## Example
    ```python
    import numpy as np
    import keras

    x = np.random.rand(100_000, 224, 224, 3).astype("float32")  # 56 GiB
    y = np.random.randint(0, 10, size=(100_000,))
    model = keras.applications.ResNet50(weights=None, classes=10)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x, y, batch_size=64)
    ```

    ## Use instead
    ```python
    import numpy as np
    import tensorflow as tf
    import keras

    x = np.load("images.npy", mmap_mode="r")  # stays on disk
    y = np.load("labels.npy")

    def samples():
        for i in range(len(x)):
            yield x[i], y[i]

    ds = tf.data.Dataset.from_generator(
        samples,
        output_signature=(tf.TensorSpec((224, 224, 3), tf.float32), tf.TensorSpec((), tf.int64)),
    ).batch(64).prefetch(tf.data.AUTOTUNE)
    model = keras.applications.ResNet50(weights=None, classes=10)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(ds)
    ```

    ## Real code
    On the pinned real-code corpora (`scripts/realcode.py`: the Keras examples and guides,
    TensorFlow's tutorial and guide notebooks, the tf-models-official, keras-hub and keras
    wheels), no finding. Before issue 7: 2, both false (`np.load` of features whose size the
    code never states, ~50 MB).

    ## Options
    - `large-array-threshold` (default `"1GiB"`, i.e. 1073741824 bytes): the total size of
      statically known array data in one call above which the call is reported. An int of
      bytes or a string with a unit: `"512 MiB"`, `"2GB"` (GB/MB are powers of 1000, GiB/MiB
      powers of 1024). KL302 reads the same key.

    ## References
    - [TensorFlow: Load NumPy data](https://www.tensorflow.org/tutorials/load_data/numpy)
    - [TensorFlow: tf.data: Build TensorFlow input pipelines](https://www.tensorflow.org/guide/data)
    - [TensorFlow: Better performance with the tf.data API](https://www.tensorflow.org/guide/data_performance)
    - [NumPy: `numpy.load` and `mmap_mode`](https://numpy.org/doc/stable/reference/generated/numpy.load.html)
    """

    CODE = "KL301"
    NAME = "numpy-fit-large-data"
    SUMMARY = ("`fit`/`evaluate`/`predict` fed in-memory NumPy arrays whose known size is "
               "above the threshold.")
    MESSAGE = "`{call}` receives {what}, above the {threshold} threshold: {why}; {advice}"
    OPTIONS = (LARGE_ARRAY_THRESHOLD,)

    VALID = (
        # Keras's bundled data sets are loaded whole by design: CIFAR-10 / 255.0 is 1.4 GiB of
        # float64, but not what this rule is about.
        Valid("""
            import keras
            (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
            x_train, x_test = x_train / 255.0, x_test / 255.0
            model = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Flatten(),
                                      keras.layers.Dense(10)])
            model.fit(x_train, y_train, validation_data=(x_test, y_test))
        """),
        # MNIST-size data: tens of MiB.
        Valid("""
            import keras
            (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
            x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
            model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10, activation="softmax")])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            model.fit(x_train, y_train, validation_data=(x_test, y_test), epochs=5)
        """),
        # Small synthetic data.
        Valid("""
            import numpy as np
            from tensorflow import keras
            x = np.random.rand(1000, 32)
            y = np.random.randint(0, 2, size=(1000,))
            model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
            model.compile(optimizer="adam", loss="binary_crossentropy")
            model.fit(x, y)
        """),
        # Memory-mapped: pages are read on demand.
        Valid("""
            import numpy as np
            import keras
            x = np.load("features.npy", mmap_mode="r")
            model = keras.models.load_model("model.keras")
            preds = model.predict(x, batch_size=256)
        """),
        # Unknown shape: read from pandas.
        Valid("""
            import pandas as pd
            import keras
            df = pd.read_csv("train.csv")
            x = df.drop(columns=["label"]).values
            y = df["label"].values
            model = keras.Sequential([keras.layers.Dense(1)])
            model.compile(optimizer="adam", loss="mse")
            model.fit(x, y)
        """),
        # Unknown shape: a function parameter.
        Valid("""
            import keras
            def train(model: keras.Model, x, y):
                model.fit(x, y, epochs=3)
        """),
        # A tf.data pipeline over a generator.
        Valid("""
            import numpy as np
            import tensorflow as tf
            def gen():
                for _ in range(1_000_000):
                    yield np.random.rand(224, 224, 3), 1
            ds = tf.data.Dataset.from_generator(
                gen, output_signature=(tf.TensorSpec((224, 224, 3)), tf.TensorSpec(()))).batch(32)
            model = tf.keras.applications.MobileNetV2(weights=None)
            model.fit(ds, epochs=1)
        """),
        # scikit-learn's fit on a big array is not a Keras call.
        Valid("""
            import numpy as np
            import keras
            from sklearn.linear_model import LogisticRegression
            x = np.random.rand(2_000_000, 100)
            y = np.random.randint(0, 2, 2_000_000)
            clf = LogisticRegression()
            clf.fit(x, y)
        """),
        # Unresolved receiver in a file that uses scikit-learn: may be an estimator.
        Valid("""
            import numpy as np
            import keras
            from sklearn.ensemble import RandomForestClassifier
            def run(estimator):
                x = np.random.rand(2_000_000, 100)
                estimator.fit(x, np.zeros(2_000_000))
        """),
        # ImageDataGenerator.fit computes statistics; it is not a model.
        Valid("""
            import numpy as np
            from tensorflow.keras.preprocessing.image import ImageDataGenerator
            x = np.zeros((20000, 128, 128, 3), dtype="float32")
            datagen = ImageDataGenerator(featurewise_center=True)
            datagen.fit(x)
        """),
        # Arrays assembled in a loop: unknown size.
        Valid("""
            import numpy as np
            import keras
            images = []
            for path in paths:
                images.append(load_image(path))
            x = np.array(images)
            model = keras.Sequential([keras.layers.Dense(10)])
            model.fit(x, np.zeros(len(images)))
        """),
        # Known size, but below a raised threshold.
        Valid("""
            import numpy as np
            import keras
            x = np.zeros((10000, 224, 224, 3), dtype="float32")
            model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)])
            model.fit(x, np.zeros(10000))
        """, options={THRESHOLD_KEY: "8GiB"}),
        # Slicing a large array: only the slice is fed.
        Valid("""
            import numpy as np
            import keras
            x = np.zeros((100000, 224, 224, 3), dtype="float32")
            model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)])
            model.train_on_batch(x[:32], np.zeros(32))
        """),
        # Only the labels are loaded whole (a small file of class ids); the inputs stream.
        Valid("""
            import numpy as np
            import keras
            y = np.load("labels.npy")
            x = np.load("features.npy", mmap_mode="r")
            model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
            model.fit(x, y, batch_size=128)
        """),
        # A loader filling a preallocated array, then keeping the rows of an index array
        # whose length is unknown (`np.flatnonzero`): the size fed is unknown.
        Valid("""
            import numpy as np
            import keras
            def load(paths):
                images = np.zeros((40000, 224, 224, 3), dtype="float32")
                for i, path in enumerate(paths):
                    images[i] = read(path)
                keep = np.flatnonzero(images.any(axis=(1, 2, 3)))
                return images[keep], keep
            x, _ = load(PATHS)
            model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(1)])
            model.fit(x, np.zeros(len(x)))
        """),
        # A small shuffled subset: `np.random.permutation(n)` selects n rows.
        Valid("""
            import numpy as np
            import keras
            pool = np.zeros((100000, 64, 64, 3), dtype="float32")
            subset = pool[np.random.permutation(1000)]
            model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(1)])
            model.fit(subset, np.zeros(1000))
        """),
        # np.load of files whose size the code never states (features it saved itself, a
        # downloaded archive): an unknown size is not large, whatever the call.
        Valid("""
            import numpy as np
            import keras
            train_x, train_y = np.load("train_data.npy"), np.load("train_labels.npy")
            archive = np.load(keras.utils.get_file(origin="https://example.org/scene.npz"))
            model = keras.models.load_model("video.keras")
            model.fit(train_x, train_y, validation_split=0.15, epochs=10)
            model.evaluate(np.load("test_data.npy"), np.load("test_labels.npy"))
            model.predict(archive["images"] / 255.0)
        """),
        # PyTorch in the same file: an unresolved receiver may be one of its models' wrappers.
        Valid("""
            import numpy as np
            import torch
            import keras
            def train(learner):
                learner.fit(np.load("x.npy"))
        """),
    )
    INVALID = (
        Invalid("""
            import numpy as np
            import keras
            x = np.random.rand(100_000, 224, 224, 3).astype("float32")
            y = np.random.randint(0, 10, size=(100_000,))
            model = keras.applications.ResNet50(weights=None, classes=10)
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            model.fit(x, y, batch_size=64)
        """, lines=(7,)),
        # np.load whose size the code states by a reshape: at least one byte per element
        # (the dtype is unknown), 200000 x 128 x 128 x 3 = 9.2 GiB.
        Invalid("""
            import numpy as np
            import tensorflow as tf
            x_train = np.load("tiles_flat.npy").reshape(200_000, 128, 128, 3)
            y_train = np.load("y_train.npy")
            model = tf.keras.Sequential([tf.keras.layers.Dense(10, activation="softmax")])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            model.fit(x_train, y_train, epochs=10)
        """, lines=(7,)),
        # An npz member whose shape the code asserts, normalized, evaluated.
        Invalid("""
            import numpy as np
            from tensorflow import keras
            data = np.load("dataset.npz")
            x, y = data["x"] / 255.0, data["y"]
            assert x.shape == (50000, 256, 256, 3)
            model = keras.models.load_model("base.h5")
            model.evaluate(x, y)
        """, lines=(7,)),
        # Axes swapped and a channel added, then a slice: still the whole array's rows.
        Invalid("""
            import numpy as np
            import keras
            mel = np.zeros((120_000, 128, 96), dtype=np.float32)
            mel = np.expand_dims(np.swapaxes(mel, 1, 2), axis=-1)
            train = mel[:100_000].transpose(0, 2, 1, 3)
            model = keras.models.load_model("audio.keras")
            model.fit(train, np.zeros(100_000), batch_size=128)
        """, lines=(7,)),
        # A helper that returns a transform of its argument.
        Invalid("""
            import numpy as np
            import keras
            def normalize(images):
                return (images - images.mean(axis=0)) / (images.std(axis=0) + 1e-7)
            images = np.empty((50_000, 224, 224, 3), dtype=np.float32)
            model = keras.applications.ResNet50(weights=None, classes=10)
            model.predict(normalize(images), batch_size=64)
        """, lines=(7,)),
        # Keyword arguments and validation data count together.
        Invalid("""
            import numpy as np
            from keras import layers, models
            N, H, W = 20_000, 256, 256
            x_train = np.zeros((N, H, W, 3))
            x_val = np.zeros((N // 4, H, W, 3))
            model = models.Sequential([layers.Conv2D(8, 3), layers.GlobalAveragePooling2D(), layers.Dense(1)])
            model.compile(optimizer="adam", loss="mse")
            model.fit(x=x_train, y=np.zeros(N), validation_data=(x_val, np.zeros(N // 4)))
        """, lines=(8,)),
        # A builder function returning a functional model; a multi-line call.
        Invalid("""
            import numpy as np
            import tensorflow as tf
            def build():
                inputs = tf.keras.Input((512, 512, 3))
                outputs = tf.keras.layers.Dense(1)(tf.keras.layers.Flatten()(inputs))
                return tf.keras.Model(inputs, outputs)
            images = np.ones((5000, 512, 512, 3), dtype=np.float32)
            model = build()
            model.compile(optimizer="adam", loss="mse")
            history = model.fit(
                images,
                np.ones((5000, 1)),
            )
        """, lines=(10,)),
        # A subclassed model and predict.
        Invalid("""
            import numpy as np
            import keras
            class Net(keras.Model):
                def __init__(self):
                    super().__init__()
                    self.head = keras.layers.Dense(1)
                def call(self, x):
                    return self.head(x)
            net = Net()
            preds = net.predict(np.random.randn(4_000_000, 100))
        """, lines=(10,)),
        # Multi-input model fed a dict of arrays.
        Invalid("""
            import numpy as np
            import keras
            images = np.zeros((30000, 128, 128, 3), dtype="float32")
            meta = np.zeros((30000, 16), dtype="float32")
            model = keras.models.load_model("two_tower.keras")
            model.fit({"image": images, "meta": meta}, np.zeros(30000), epochs=3)
        """, lines=(6,)),
        # Concatenated arrays; threshold lowered.
        Invalid("""
            import numpy as np
            import keras
            a = np.zeros((5000, 64, 64, 3), dtype="float32")
            b = np.ones((5000, 64, 64, 3), dtype="float32")
            x = np.concatenate([a, b], axis=0)
            model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(2)])
            model.fit(x, np.zeros(10000))
        """, lines=(7,), options={THRESHOLD_KEY: "256 MiB"}),
        # Unresolved receiver (an attribute) in a plain Keras file.
        Invalid("""
            import numpy as np
            import keras
            class Trainer:
                def __init__(self, model):
                    self.model = model
                def run(self):
                    x = np.load("big.npy").reshape(2_000_000, 1024)
                    self.model.fit(x, epochs=1)
        """, lines=(8,)),
        # A train/test split of a large preallocated array (sklearn's default 25 % test).
        Invalid("""
            import numpy as np
            import tensorflow as tf
            from sklearn.model_selection import train_test_split
            X = np.zeros((30000, 160, 160, 3), dtype=np.float32)
            y = np.zeros((30000,))
            X_train, X_val, y_train, y_val = train_test_split(X, y, random_state=42)
            model = tf.keras.applications.MobileNetV2(weights=None, classes=2)
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            model.fit(X_train, y_train, validation_data=(X_val, y_val))
        """, lines=(9,)),
        # A local loader function.
        Invalid("""
            import numpy as np
            import keras
            def load_split(name):
                data = np.load(name + ".npz")
                return data["images"].reshape(60000, 224, 224, 3), data["labels"]
            x_train, y_train = load_split("train")
            model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)])
            model.fit(x_train, y_train)
        """, lines=(8,)),
        # A loader filling preallocated arrays in a loop (subscript stores do not rebind them)
        # and returning them shuffled by a permutation of known length.
        Invalid("""
            import numpy as np
            import keras
            N = 30000
            def load_all(paths):
                images = np.zeros((N, 224, 224, 3), dtype="float32")
                labels = np.zeros((N,), dtype="int32")
                for i, path in enumerate(paths):
                    images[i], labels[i] = read(path)
                order = np.random.permutation(N)
                return images[order], labels[order]
            images, labels = load_all(PATHS)
            model = keras.applications.EfficientNetB0(weights=None, classes=10)
            model.fit(images, keras.utils.to_categorical(labels, 10), batch_size=32)
        """, lines=(13,)),
        # Rows shuffled by a Generator's permutation of `len(x)`, in the same scope.
        Invalid("""
            import numpy as np
            import tensorflow as tf
            x = np.empty((12000, 256, 256, 3), dtype=np.float32)
            rng = np.random.default_rng(0)
            idx = rng.permutation(len(x))
            model = tf.keras.models.load_model("seg.keras")
            model.fit(x[idx], np.zeros(12000)[idx], epochs=5)
        """, lines=(7,)),
        # Method chain on a separate line: the primary line is `.fit`'s.
        Invalid("""
            import numpy as np
            import keras
            x = np.zeros((40000, 256, 256, 3), dtype="float32")
            (
                keras.Sequential([keras.layers.Dense(1)])
                .fit(x, epochs=2)
            )
        """, lines=(6,)),
    )

    def check(self, facts: FileFacts) -> Iterator[Report]:
        arrays = facts.arrays
        threshold = self.options[THRESHOLD_KEY]
        for call in facts.index.calls:
            if method_name(call) not in FIT_METHODS or not facts.models.trains_keras_model(call):
                continue
            fed = arrays.fed_to(call)
            if not fed:
                continue
            counted = [f for f in fed if not f.info.bundled and f.info.nbytes is not None]
            total = sum(f.info.nbytes for f in counted)  # type: ignore[misc]
            if total <= threshold:
                continue
            at_least = "at least " if any(f.info.nbytes_is_lower_bound for f in counted) else ""
            training = method_name(call) in ("fit", "train_on_batch")
            yield self.report(
                call, anchor(call), call=_call_text(facts, call),
                what=f"{at_least}{format_size(total)} of in-memory NumPy arrays "
                     f"({fed_summary(fed)})",
                threshold=format_size(threshold),
                why=("the whole data set stays in host memory for the entire run, and Keras may "
                     "copy it again when it slices batches") if training else
                    ("all of it stays in host memory for the whole call, and Keras may copy it "
                     "again when it slices batches"),
                advice=streaming_advice(counted, "stream the data with `tf.data` instead"),
            )


def _call_text(facts: FileFacts, call: cst.Call) -> str:
    """`model.fit`, or just `fit` when the receiver is a long expression."""
    target = receiver(call)
    text = facts.module.code_for_node(target) if target is not None else ""
    return f"{text}.{method_name(call)}" if target is not None and len(text) <= 30 and "\n" not in text \
        else str(method_name(call))
