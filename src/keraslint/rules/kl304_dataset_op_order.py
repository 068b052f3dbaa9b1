from typing import Iterator, Optional

import libcst as cst

from keraslint.analysis import FileFacts
from keraslint.analysis.calls import anchor, argument_value
from keraslint.analysis.layers import line_of, literal, snippet
from keraslint.analysis.pipelines import Operation
from keraslint.rules.base import Invalid, Option, Report, Rule, Valid

REPEAT_KEY = "repeat-before-shuffle"


def parse_flag(value) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


class DatasetOpOrder(Rule):
    """
    ## What it does
    Checks `tf.data` pipelines for operations in an order that defeats their purpose:

    - `shuffle` after `batch` on examples that are not reshuffled otherwise: it shuffles whole
      batches, so every epoch trains on the same batches (only their order changes). This
      includes datasets their source already batched (`timeseries_dataset_from_array`,
      `tfds.load(batch_size=...)`) and batches frozen by a `cache()` before the `shuffle`.
    - `shuffle` on the batches of `image_dataset_from_directory`, `text_dataset_from_directory`
      or `audio_dataset_from_directory` (32 examples each by default): these already reshuffle
      their examples every epoch, and the `shuffle` buffer counts batches, so `shuffle(1000)`
      holds 32,000 examples in memory to reorder batches.
    - `cache` after a `map` whose function is random (`tf.image.random_*`, `tf.random.*`,
      Keras `RandomFlip`/`RandomRotation`/... layers): the first epoch's augmented examples are
      cached and replayed, so every epoch sees the same augmentation.
    - `shuffle(1)`: a buffer of one element shuffles nothing.

    A `shuffle` after `batch` stays quiet when the examples are reshuffled before batching
    (the second shuffle is redundant, not wrong), when the batches hold one example, when the
    batches are split again later (`unbatch`), and when what runs upstream is unknown.

    Real code (`scripts/realcode.py`: Keras examples and guides, TensorFlow docs notebooks,
    tf-models-official, keras-hub and keras): 10 findings, 8 true (the TensorFlow tutorials'
    `cache().shuffle(1000)` on `image_dataset_from_directory`/`audio_dataset_from_directory`/
    `make_csv_dataset` batches, keras-io's text-generation, translation, traffic-forecasting and
    MNIST pipelines that batch before shuffling), 2 intended (a caching benchmark in the
    TensorFlow CSV tutorial), none false. `shuffle` after `batch` on examples already reshuffled upstream is not reported: the
    second shuffle is redundant, not wrong (judged on real code: keras-io's textual-inversion
    `batch(1).shuffle(...)` and similar).

    ## Why is this bad?
    Shuffling after batching keeps the examples of each batch together forever: the gradient
    noise that makes SGD generalize comes from new batch compositions every epoch, and with
    sorted data (examples grouped by class, by file, by time) every batch stays one-sided.
    A random augmentation before `cache()` is computed once: the model sees one fixed set of
    augmented images, which is the non-augmented training set's problem with extra distortion.
    `shuffle(1)` is a no-op that looks like a shuffle.

    ## Example
    ```python
    import tensorflow as tf

    (x, y), _ = tf.keras.datasets.mnist.load_data()
    ds = tf.data.Dataset.from_tensor_slices((x / 255.0, y)).batch(64).shuffle(1000)

    def augment(image, label):
        return tf.image.random_flip_left_right(image), label

    train = ds.map(augment).cache()
    ```

    ## Use instead
    ```python
    import tensorflow as tf

    (x, y), _ = tf.keras.datasets.mnist.load_data()
    ds = tf.data.Dataset.from_tensor_slices((x / 255.0, y)).shuffle(60000).batch(64)

    def augment(image, label):
        return tf.image.random_flip_left_right(image), label

    train = ds.cache().map(augment)
    ```

    ## Options
    - `repeat-before-shuffle` (default `false`): also report `shuffle` after `repeat`, whose
      buffer mixes consecutive epochs (examples of the next epoch come out before the current
      one has been seen whole). Off by default: on real code every instance was deliberate
      (an infinite `repeat()` before a file-level or example-level shuffle in
      tf-models-official, the Keras guides and the TensorFlow data guide, where the epochs a
      `steps_per_epoch` cuts are arbitrary anyway).

    ## References
    - [TensorFlow guide: tf.data, randomly shuffling input data](https://www.tensorflow.org/guide/data#randomly_shuffling_input_data)
    - [TensorFlow: Better performance with the tf.data API, caching](https://www.tensorflow.org/guide/data_performance#caching)
    - [tf.data.Dataset.shuffle](https://www.tensorflow.org/api_docs/python/tf/data/Dataset#shuffle)
    """

    CODE = "KL304"
    NAME = "dataset-op-order"
    SUMMARY = ("`shuffle` after `batch` (or on a source's batches), `cache` after a random "
               "`map`, `shuffle(1)`.")
    MESSAGE = "{text}"
    OPTIONS = (Option(
        REPEAT_KEY, False,
        "Also report `shuffle` after `repeat` (its buffer mixes consecutive epochs). Off by "
        "default: with an infinite `repeat()` real pipelines do it on purpose.", parse_flag),)

    def check(self, facts: FileFacts) -> Iterator[Report]:
        pipelines = facts.pipelines
        for op in pipelines.operations("shuffle"):
            if op.before.is_dataset.value is not True:
                continue
            text = _one_buffer(facts, op) or _after_batch(facts, op)
            if text is None and self.options[REPEAT_KEY]:
                text = _after_repeat(facts, op)
            if text is not None:
                yield self.report(op.call, anchor(op.call), text=text)
        for op in pipelines.operations("cache"):
            if op.before.is_dataset.value is True and op.before.random_map.value is True:
                yield self.report(op.call, anchor(op.call), text=_after_random_map(facts, op))

    VALID = (
        # Shuffle examples, then batch.
        Valid("""
            import tensorflow as tf
            (x, y), _ = tf.keras.datasets.mnist.load_data()
            ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(60000).batch(32)
        """),
        # Examples reshuffled before batching: shuffling the batches too is redundant, not wrong.
        Valid("""
            import tensorflow as tf
            ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(10000).batch(32).shuffle(10)
        """),
        # Batches of one example: shuffling them shuffles examples.
        Valid("""
            import tensorflow as tf
            ds = tf.data.Dataset.from_tensor_slices(files).batch(1).shuffle(100)
        """),
        # Upstream unknown (a parameter): the examples may be reshuffled already.
        Valid("""
            import tensorflow as tf
            def prepare(ds: tf.data.Dataset, batch_size: int):
                return ds.batch(batch_size).shuffle(100)
        """),
        # Block shuffling: batches shuffled, then split again.
        Valid("""
            import tensorflow as tf
            ds = tf.data.Dataset.range(100000).batch(256).shuffle(50).unbatch().batch(32)
        """),
        # Not a tf.data dataset: NumPy and the standard library shuffle in place.
        Valid("""
            import random
            import numpy as np
            import tensorflow as tf
            idx = np.arange(100)
            np.random.shuffle(idx)
            random.shuffle(files)
            rng = np.random.default_rng(0)
            rng.shuffle(idx)
        """),
        # Cache first, then augment.
        Valid("""
            import tensorflow as tf
            def augment(image, label):
                return tf.image.random_flip_left_right(image), label
            ds = tf.data.Dataset.from_tensor_slices((x, y)).cache().map(augment).shuffle(100).batch(8)
        """),
        # A deterministic map before cache.
        Valid("""
            import tensorflow as tf
            def decode(path, label):
                return tf.image.resize(tf.io.decode_jpeg(tf.io.read_file(path)), (64, 64)), label
            ds = tf.data.Dataset.from_tensor_slices((paths, labels)).map(decode).cache()
        """),
        # The random op runs only when a flag says so: not known to be random.
        Valid("""
            import tensorflow as tf
            def load(path, augment=False):
                image = tf.io.decode_png(tf.io.read_file(path))
                if augment:
                    image = tf.image.random_flip_left_right(image)
                return image
            ds = tf.data.Dataset.list_files("*.png").map(load).cache()
        """),
        # Shuffle after repeat: reported only with the `repeat-before-shuffle` option.
        Valid("""
            import tensorflow as tf
            ds = tf.data.Dataset.from_tensor_slices((x, y)).repeat().shuffle(1024).batch(32)
        """),
        # A directory dataset unbatched, then shuffled and batched.
        Valid("""
            import keras
            ds = keras.utils.image_dataset_from_directory("photos", batch_size=None)
            ds = ds.shuffle(2000).batch(32)
        """),
    )
    INVALID = (
        # Shuffle after batch on in-memory arrays: batch compositions never change.
        Invalid("""
            import tensorflow as tf
            (x, y), _ = tf.keras.datasets.mnist.load_data()
            ds = tf.data.Dataset.from_tensor_slices((x / 255.0, y))
            ds = ds.batch(64)
            ds = ds.shuffle(1000)
        """, lines=(5,)),
        # The directory dataset already batches and reshuffles.
        Invalid("""
            import tensorflow as tf
            train_ds = tf.keras.utils.image_dataset_from_directory("flowers", image_size=(180, 180))
            train_ds = train_ds.shuffle(1000).prefetch(tf.data.AUTOTUNE)
        """, lines=(3,)),
        # Cached batches shuffled: the cache replays the first epoch's batches.
        Invalid("""
            import keras
            train = keras.utils.text_dataset_from_directory("aclImdb/train", batch_size=64)
            train = train.cache().shuffle(500)
        """, lines=(3,)),
        # timeseries_dataset_from_array batches (128) and does not shuffle.
        Invalid("""
            import keras
            ds = keras.utils.timeseries_dataset_from_array(series, targets, sequence_length=24)
            ds = ds.shuffle(100)
        """, lines=(3,)),
        # A helper building the pipeline.
        Invalid("""
            import tensorflow as tf
            def make_ds(features, labels, batch_size=32):
                ds = tf.data.Dataset.from_tensor_slices((features, labels))
                return ds.batch(batch_size).shuffle(buffer_size=256)
            train = make_ds(x_train, y_train)
        """, lines=(4,)),
        # Random augmentation cached.
        Invalid("""
            import tensorflow as tf
            def augment(image, label):
                image = tf.image.random_flip_left_right(image)
                return image, label
            ds = tf.data.Dataset.from_tensor_slices((x, y)).map(augment).cache().shuffle(100)
        """, lines=(5,)),
        # A Keras augmentation model mapped, then cached.
        Invalid("""
            import keras
            import tensorflow as tf
            augment = keras.Sequential([keras.layers.RandomFlip(), keras.layers.RandomRotation(0.1)])
            ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(1000).batch(32)
            ds = ds.map(lambda a, b: (augment(a, training=True), b))
            ds = ds.cache()
        """, lines=(6,)),
        # Two batched, unshuffled timeseries zipped, then shuffled.
        Invalid("""
            import keras
            import tensorflow as tf
            inputs = keras.utils.timeseries_dataset_from_array(data, None, sequence_length=12)
            targets = keras.utils.timeseries_dataset_from_array(data[12:], None, sequence_length=1)
            ds = tf.data.Dataset.zip((inputs, targets)).shuffle(100)
        """, lines=(5,)),
        # With the option on: shuffle after repeat.
        Invalid("""
            import tensorflow as tf
            ds = tf.data.Dataset.from_tensor_slices((x, y)).repeat().shuffle(1024).batch(32)
        """, lines=(2,), options={"repeat-before-shuffle": True}),
        # shuffle(1) does nothing.
        Invalid("""
            import tensorflow as tf
            ds = tf.data.TFRecordDataset(files).shuffle(1).batch(32)
        """, lines=(2,)),
    )


def _one_buffer(facts: FileFacts, op: Operation) -> Optional[str]:
    size = literal(facts, argument_value(op.call, "buffer_size", 0), op.step.ctx)
    if size != 1 or isinstance(size, bool):
        return None
    return ("`shuffle(1)` shuffles nothing: a buffer of one element always returns the next "
            "element. Use a buffer at least as large as the data set (or a large fraction of "
            "it), e.g. `shuffle(len(x))`")


def _after_batch(facts: FileFacts, op: Operation) -> Optional[str]:
    """`shuffle` on batches whose composition never changes, or on a batching source's batches."""
    before = op.before
    if before.batched.value is not True or before.batch_size == 1 or \
            facts.pipelines.followed_by(op.call, "unbatch"):
        return None  # batches of one example, or block shuffling (batches split again later)
    batch_node = before.batched.node
    size = before.batch_size
    buffer = literal(facts, argument_value(op.call, "buffer_size", 0), op.step.ctx)
    buffer = buffer if isinstance(buffer, int) and not isinstance(buffer, bool) else None
    holds = (f"; its buffer counts batches, so `shuffle({buffer})` holds {buffer} batches"
             f" ({buffer * size:,} examples)" if buffer and size else
             "; its buffer counts batches, not examples")
    source = _source_name(facts, batch_node)
    if before.reshuffled.value is True:
        if source is None or before.reshuffled.node is not batch_node:
            return None  # examples reshuffled by an explicit shuffle upstream: redundant only
        return (f"`shuffle` runs on batches: `{source}` (line {line_of(facts, batch_node)}) "
                f"already yields batches{_of(size)} and reshuffles its examples every epoch "
                f"(`shuffle=True` by default), so this `shuffle` only reorders whole "
                f"batches{holds}. Remove it, or pass `batch_size=None` to `{source}` and write "
                f"`.shuffle(n).batch(...)`")
    if before.reshuffled.value is not False:
        return None
    if source is not None:
        where = f"`{source}` (line {line_of(facts, batch_node)}) already yields batches{_of(size)}"
    elif isinstance(batch_node, cst.Call) and isinstance(batch_node.func, cst.Attribute):
        where = f"it comes after `{_op_text(facts, batch_node)}` (line {line_of(facts, batch_node)})"
    else:  # batched in every dataset it combines (`Dataset.zip`) or every branch
        where = "every dataset it reads from is already batched"
    frozen = before.reshuffled.node
    cached = before.cached.value is True and frozen is not None and frozen is before.cached.node
    why = (f" and `cache()` (line {line_of(facts, frozen)}) replays the first epoch's batches"
           if cached else "")
    order = ("in the same order, as the `cache()` after it freezes even that order"
             if facts.pipelines.followed_by(op.call, "cache") else "in a different order")
    return (f"`shuffle` runs on batches: {where}{why}, so it shuffles whole batches and every "
            f"epoch trains on the same batches {order} (their examples are never "
            f"reshuffled){holds}. Shuffle the examples before batching: "
            f"`.shuffle(n).batch(...)`" + (" (and cache before shuffling)" if why else ""))


def _after_repeat(facts: FileFacts, op: Operation) -> Optional[str]:
    before = op.before
    if before.repeated.value is not True or before.batched.value is not False:
        return None
    node = before.repeated.node
    after = (f"`{_op_text(facts, node)}` (line {line_of(facts, node)})"
             if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)
             else "a `repeat`")
    return (f"`shuffle` runs after {after}: "
            f"its buffer mixes consecutive epochs, so examples of the next epoch come out before "
            f"this one has been seen whole. Shuffle before repeating: `.shuffle(n).repeat()`")


def _after_random_map(facts: FileFacts, op: Operation) -> str:
    map_call = op.before.random_map.node
    function = argument_value(map_call, "map_func", 0) if map_call is not None else None
    where = f"`map({snippet(facts, function, 50)})` (line {line_of(facts, map_call)})" \
        if function is not None else "a `map`"
    random_node = facts.pipelines.randomness(function).node if function is not None else None
    op_text = f"`{snippet(facts, random_node, 50)}`, line {line_of(facts, random_node)}" \
        if random_node is not None else "a random op"
    return (f"`cache()` stores the output of {where}, whose function is random ({op_text}): "
            f"from the second epoch on the cached results are replayed, so every epoch sees the "
            f"same augmentation. Cache before the random `map`: `.cache().map(...)`")


def _source_name(facts: FileFacts, node) -> Optional[str]:
    """`image_dataset_from_directory` when the batches come from a batching source call."""
    name = facts.call_name(node) if node is not None and hasattr(node, "func") else None
    if name is None:
        return None
    return "tfds.load" if name == "tensorflow_datasets.load" else name.rsplit(".", 1)[-1]


def _op_text(facts: FileFacts, call) -> str:
    """`batch(256)` for `ds.batch(256)`: the operation without its receiver."""
    arguments = ", ".join(facts.module.code_for_node(a).strip().rstrip(",") for a in call.args)
    text = f"{call.func.attr.value}({arguments})"
    return text if len(text) <= 50 else text[:47] + "..."


def _of(size: Optional[int]) -> str:
    return f" of {size}" if size else ""

