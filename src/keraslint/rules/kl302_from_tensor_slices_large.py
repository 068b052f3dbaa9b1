from typing import Iterator

from keraslint.analysis import FileFacts
from keraslint.analysis.arrays import fed_summary, format_size, streaming_advice
from keraslint.analysis.calls import anchor
from keraslint.rules.base import Invalid, Report, Rule, Valid
from keraslint.rules.options import LARGE_ARRAY_THRESHOLD

THRESHOLD_KEY = LARGE_ARRAY_THRESHOLD.key
_CONSTRUCTORS = (
    "tensorflow.data.Dataset.from_tensor_slices",
    "tensorflow.data.Dataset.from_tensors",
    "tensorflow.compat.v1.data.Dataset.from_tensor_slices",
    "tensorflow.compat.v1.data.Dataset.from_tensors",
)


class FromTensorSlicesLarge(Rule):
    """
    ## What it does
    Checks for `tf.data.Dataset.from_tensor_slices(...)` and `from_tensors(...)` given
    in-memory NumPy arrays whose statically known size is above a threshold (default 1 GiB in
    one call, the same `large-array-threshold` as KL301).

    As for KL301, an array read whole with `np.load` counts only when its size is known: a
    reshape to literal dimensions or an asserted shape (at one byte per element at least when
    the dtype is unknown), or the `.npy` header of an existing file at a literal path next to
    the linted file (the header of the member, for an `.npz`).

    ## Why is this bad?
    `from_tensor_slices` converts its NumPy arguments into constant tensors: the data is copied
    (memory doubled next to the NumPy array) and embedded in the dataset's graph. When that
    graph is serialized (under `tf.function`, `tf.distribute`, graph mode, or when saving),
    constants above 2 GB hit the protobuf limit and fail with "Cannot create a tensor proto
    whose content is larger than 2GB". A generator, TFRecord files or a memory-mapped file read
    the data in pieces instead.

    Only sizes the code fixes are counted; arrays of unknown shape (an `np.load` of a file of
    unstated size included), generators and memory-mapped arrays are not reported.

    Arrays of Keras's bundled data sets (`keras.datasets.*`, all under 1.5 GB) are not
    counted: they are loaded whole by design.

    ## Example
    ```python
    import numpy as np
    import tensorflow as tf

    images = np.load("images.npy").reshape(60000, 224, 224, 3)  # at least 8.4 GiB
    labels = np.load("labels.npy")
    ds = tf.data.Dataset.from_tensor_slices((images, labels)).batch(32)
    ```

    ## Use instead
    ```python
    import numpy as np
    import tensorflow as tf

    images = np.load("images.npy", mmap_mode="r").reshape(60000, 224, 224, 3)
    labels = np.load("labels.npy", mmap_mode="r")

    def samples():
        for i in range(len(images)):
            yield images[i], labels[i]

    ds = tf.data.Dataset.from_generator(
        samples,
        output_signature=(tf.TensorSpec((224, 224, 3), tf.uint8), tf.TensorSpec((), tf.int64)),
    ).batch(32).prefetch(tf.data.AUTOTUNE)
    ```

    ## Real code
    On the pinned real-code corpora (`scripts/realcode.py`: the Keras examples and guides,
    TensorFlow's tutorial and guide notebooks, the tf-models-official, keras-hub and keras
    wheels), no finding. Before issue 7: 4, all false (`np.load` of a downloaded 12 MB `.npz`).

    ## Options
    - `large-array-threshold` (default `"1GiB"`, i.e. 1073741824 bytes), shared with KL301:
      the total size of statically known array data in one call above which it is reported.
      An int of bytes or a string with a unit: `"512 MiB"`, `"2GB"`.

    ## References
    - [TensorFlow guide: tf.data, consuming NumPy arrays](https://www.tensorflow.org/guide/data#consuming_numpy_arrays)
      (the 2GB limit for the `tf.GraphDef` protocol buffer)
    - [TensorFlow: Load NumPy data](https://www.tensorflow.org/tutorials/load_data/numpy)
    - [TensorFlow: Better performance with the tf.data API](https://www.tensorflow.org/guide/data_performance)
    - [TensorFlow: TFRecord and tf.train.Example](https://www.tensorflow.org/tutorials/load_data/tfrecord)
    """

    CODE = "KL302"
    NAME = "from-tensor-slices-large"
    SUMMARY = ("`from_tensor_slices` on in-memory arrays whose known size is above the "
               "threshold.")
    MESSAGE = ("`{call}` receives {what}, above the {threshold} threshold: the arrays are copied "
               "into constant tensors (memory doubled) in the dataset's graph, which cannot be "
               "serialized beyond the 2 GB protobuf limit; {advice}")
    OPTIONS = (LARGE_ARRAY_THRESHOLD,)

    VALID = (
        # MNIST: tens of MiB.
        Valid("""
            import tensorflow as tf
            (x_train, y_train), _ = tf.keras.datasets.mnist.load_data()
            ds = tf.data.Dataset.from_tensor_slices((x_train / 255.0, y_train)).shuffle(60000).batch(64)
        """),
        # Small synthetic arrays.
        Valid("""
            import numpy as np
            import tensorflow as tf
            x = np.random.rand(1000, 10).astype(np.float32)
            ds = tf.data.Dataset.from_tensor_slices(x)
        """),
        # Memory-mapped input.
        Valid("""
            import numpy as np
            import tensorflow as tf
            x = np.load("x.npy", mmap_mode="r")
            ds = tf.data.Dataset.from_tensor_slices(x[:1000])
        """),
        # File names, not data.
        Valid("""
            import tensorflow as tf
            files = tf.io.gfile.glob("data/*.tfrecord")
            ds = tf.data.Dataset.from_tensor_slices(files).interleave(tf.data.TFRecordDataset)
        """),
        # Unknown shape: a parameter.
        Valid("""
            import tensorflow as tf
            def make_dataset(features, labels):
                return tf.data.Dataset.from_tensor_slices((features, labels)).batch(32)
        """),
        # Unknown shape: pandas.
        Valid("""
            import pandas as pd
            import tensorflow as tf
            df = pd.read_csv("train.csv")
            ds = tf.data.Dataset.from_tensor_slices((dict(df), df.pop("target")))
        """),
        # A generator source.
        Valid("""
            import numpy as np
            import tensorflow as tf
            def gen():
                for _ in range(100000):
                    yield np.zeros((224, 224, 3), np.float32)
            ds = tf.data.Dataset.from_generator(gen, output_signature=tf.TensorSpec((224, 224, 3)))
        """),
        # Known size below a raised threshold.
        Valid("""
            import numpy as np
            import tensorflow as tf
            x = np.zeros((2000, 256, 256, 3), dtype=np.float32)
            ds = tf.data.Dataset.from_tensor_slices(x)
        """, options={THRESHOLD_KEY: "2GB"}),
        # A slice of a big array.
        Valid("""
            import numpy as np
            import tensorflow as tf
            x = np.zeros((100000, 256, 256, 3), dtype=np.float32)
            ds = tf.data.Dataset.from_tensor_slices(x[:100])
        """),
        # A different library's from_tensor_slices-like helper.
        Valid("""
            import numpy as np
            import tensorflow as tf
            x = np.zeros((100000, 256, 256, 3), dtype=np.float32)
            ds = mylib.Dataset.from_tensor_slices(x)
        """),
        # A big array indexed by an index array of unknown length: the selection's size is unknown.
        Valid("""
            import numpy as np
            import tensorflow as tf
            x = np.zeros((50000, 128, 128, 3), dtype="float32")
            picked = np.random.choice(len(x), size=n_samples, replace=False)
            ds = tf.data.Dataset.from_tensor_slices(x[picked])
        """),
        # np.load of a downloaded .npz (NeRF-style) and of saved features: sizes never stated.
        Valid("""
            import numpy as np
            import tensorflow as tf
            data = np.load(tf.keras.utils.get_file(origin="https://example.org/tiny_scene.npz"))
            images, poses = data["images"], data["poses"]
            split = int(len(images) * 0.8)
            train_ds = tf.data.Dataset.zip((tf.data.Dataset.from_tensor_slices(images[:split]),
                                            tf.data.Dataset.from_tensor_slices(poses[:split])))
            features = tf.data.Dataset.from_tensor_slices((np.load("x.npy"), np.load("y.npy")))
        """),
        # Only the labels are loaded whole; the features come from file paths.
        Valid("""
            import numpy as np
            import tensorflow as tf
            labels = np.load("labels.npy")
            ds = tf.data.Dataset.from_tensor_slices((paths, labels))
        """),
    )
    INVALID = (
        # The code asserts the loaded array's shape; astype states the dtype: 14.6 GiB.
        Invalid("""
            import numpy as np
            import tensorflow as tf
            specs = np.load("spectrograms.npy").astype("float32")
            assert specs.shape == (60000, 256, 256, 1), specs.shape
            labels = np.load("labels.npy")
            ds = tf.data.Dataset.from_tensor_slices((specs, labels)).batch(32)
        """, lines=(6,)),
        Invalid("""
            import numpy as np
            import tensorflow as tf
            x = np.random.rand(50000, 128, 128, 3)
            y = np.random.randint(0, 10, 50000)
            dataset = tf.data.Dataset.from_tensor_slices((x, y))
        """, lines=(5,)),
        # from tensorflow.data import Dataset; a dict of features.
        Invalid("""
            import numpy as np
            from tensorflow.data import Dataset
            features = {"pixels": np.zeros((20000, 224, 224, 3), dtype="float32"),
                        "id": np.arange(20000)}
            ds = Dataset.from_tensor_slices(features)
        """, lines=(5,)),
        # from_tensors of a whole big array.
        Invalid("""
            import numpy as np
            import tensorflow as tf
            big = np.ones((400_000_000,), dtype=np.float32)
            ds = tf.data.Dataset.from_tensors(big)
        """, lines=(4,)),
        # npz member, normalized; multi-line call.
        Invalid("""
            import numpy as np
            import tensorflow as tf
            with_data = np.load("train.npz")
            x = with_data["x"].astype("float32").reshape(40000, 128, 128, 3) / 255.0
            ds = tf.data.Dataset.from_tensor_slices(
                (x, with_data["y"])
            )
        """, lines=(5,)),
        # Threshold lowered; stacked arrays.
        Invalid("""
            import numpy as np
            import tensorflow as tf
            parts = [np.zeros((1000, 64, 64, 3), dtype=np.float32), np.ones((1000, 64, 64, 3), dtype=np.float32)]
            x = np.concatenate(parts)
            ds = tf.data.Dataset.from_tensor_slices(x)
        """, lines=(5,), options={THRESHOLD_KEY: 10_000_000}),
        # tf.compat.v1 spelling, inside a function.
        Invalid("""
            import numpy as np
            import tensorflow.compat.v1 as tf1
            def input_fn():
                x = np.zeros((10000, 300, 300, 3))
                return tf1.data.Dataset.from_tensor_slices(x).batch(8)
        """, lines=(5,)),
        # A local loader returning two preallocated arrays, shuffled by `np.arange`-built indices.
        Invalid("""
            import numpy as np
            import tensorflow as tf
            def load(files):
                frames = np.empty((8000, 360, 640, 3), dtype=np.uint8)
                masks = np.empty((8000, 360, 640), dtype=np.uint8)
                for i, f in enumerate(files):
                    frames[i], masks[i] = decode(f)
                idx = np.arange(8000)
                np.random.shuffle(idx)
                return frames[idx], masks[idx]
            frames, masks = load(FILES)
            ds = tf.data.Dataset.from_tensor_slices((frames, masks)).batch(16)
        """, lines=(12,)),
        # A reshape keeps the size.
        Invalid("""
            import numpy as np
            import tensorflow as tf
            N = 1_000_000
            x = np.random.randn(N, 28, 28).reshape(N, 784).astype(np.float32)
            ds = tf.data.Dataset.from_tensor_slices(x)
        """, lines=(5,)),
    )

    def check(self, facts: FileFacts) -> Iterator[Report]:
        arrays = facts.arrays
        threshold = self.options[THRESHOLD_KEY]
        for call in facts.calls_to(*_CONSTRUCTORS):
            fed = arrays.dataset_sources(call)
            if not fed:
                continue
            name = "Dataset." + (facts.call_name(call) or "").rsplit(".", 1)[-1]
            counted = [f for f in fed if not f.info.bundled and f.info.nbytes is not None]
            total = sum(f.info.nbytes for f in counted)  # type: ignore[misc]
            if total <= threshold:
                continue
            at_least = "at least " if any(f.info.nbytes_is_lower_bound for f in counted) else ""
            yield self.report(
                call, anchor(call), call=name,
                what=f"{at_least}{format_size(total)} of NumPy arrays ({fed_summary(fed)})",
                threshold=format_size(threshold),
                advice=streaming_advice(counted, "read the data instead"),
            )
