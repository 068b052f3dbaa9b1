from typing import Iterator

from keraslint.analysis import FileFacts
from keraslint.analysis.calls import anchor, method_name, receiver
from keraslint.analysis.layers import snippet
from keraslint.rules.base import Invalid, Report, Rule, Valid

_WHAT_IS_LOST = {
    "shuffle": "unshuffled", "batch": "unbatched", "padded_batch": "unbatched",
    "repeat": "without repetition", "cache": "uncached", "prefetch": "without prefetching",
    "filter": "unfiltered", "take": "whole",
    "skip": "whole", "unbatch": "still batched",
}


# Transformations that trace their function when called: a test may call them for that alone.
_TRACING = frozenset({"map", "filter", "flat_map", "interleave", "scan", "group_by_window"})


def _in_test(facts: FileFacts, call) -> bool:
    function = facts.index.enclosing_function.get(call)
    return function is not None and function.name.value.startswith("test")


class DiscardedDatasetOp(Rule):
    """
    ## What it does
    Checks for a `tf.data` transformation written as a statement, its result thrown away:
    `ds.shuffle(1000)`, `ds.batch(32)`, `ds.map(augment)` alone on a line, where `ds` is a
    `tf.data` dataset (made by a `tf.data` source or a Keras dataset helper, or annotated as one).

    Calls on objects that are not certainly datasets stay quiet: `np.random.shuffle(x)` and
    `random.shuffle(x)` shuffle in place, and `df.filter(...)` is pandas. So does a `map` (or
    `filter`, `flat_map`, ...) discarded in a `test_*` function: calling it traces the
    function, which is what such a test checks.

    Real code (`scripts/realcode.py`: Keras examples and guides, TensorFlow docs notebooks,
    tf-models-official, keras-hub and keras): 1 finding, true (tf-models-official's legacy image-classification
    input pipeline drops its file-level `dataset.shuffle(...)`); keras's own test calling
    `ds.map(layer)` to check tracing is left alone by design.

    ## Why is this bad?
    Datasets are immutable: every transformation returns a new dataset and leaves the one it
    was called on unchanged. `ds.shuffle(1000)` on its own line builds a shuffled dataset and
    drops it, and training then reads `ds` unshuffled (or unbatched, unaugmented, ...), without
    any error.

    ## Example
    ```python
    import tensorflow as tf

    ds = tf.data.Dataset.from_tensor_slices((x, y))
    ds.shuffle(1000)
    ds = ds.batch(32)
    ```

    ## Use instead
    ```python
    import tensorflow as tf

    ds = tf.data.Dataset.from_tensor_slices((x, y))
    ds = ds.shuffle(1000)
    ds = ds.batch(32)
    ```

    ## Options
    None.

    ## References
    - [tf.data.Dataset](https://www.tensorflow.org/api_docs/python/tf/data/Dataset)
      (each transformation "returns a Dataset")
    - [TensorFlow guide: tf.data](https://www.tensorflow.org/guide/data)
    """

    CODE = "KL308"
    NAME = "discarded-dataset-op"
    SUMMARY = "A `tf.data` transformation as a statement: its result (a new dataset) is thrown away."
    MESSAGE = ("`{call}` returns a new dataset, which is thrown away: datasets never change in "
               "place, so `{target}` stays {lost}. Assign the result: `{target} = {call}`")

    def check(self, facts: FileFacts) -> Iterator[Report]:
        for op in facts.pipelines.discarded():
            target = receiver(op.call)
            method = method_name(op.call) or ""
            if method in _TRACING and _in_test(facts, op.call):
                continue  # a test calling `ds.map(fn)` to see that `fn` traces
            lost = _WHAT_IS_LOST.get(method, f"as it was (the `{method}` is not applied)")
            if method == "shuffle" and op.before.reshuffled.value is not False:
                lost = "as it was (this `shuffle` is not applied)"
            yield self.report(op.call, anchor(op.call), call=snippet(facts, op.call),
                              target=snippet(facts, target), lost=lost)

    VALID = (
        Valid("""
            import tensorflow as tf
            ds = tf.data.Dataset.from_tensor_slices((x, y))
            ds = ds.shuffle(1000)
            ds = ds.batch(32)
        """),
        # In-place shuffles of arrays and lists.
        Valid("""
            import random
            import numpy as np
            import tensorflow as tf
            idx = np.arange(len(x))
            np.random.shuffle(idx)
            random.shuffle(paths)
            rng = np.random.default_rng(0)
            rng.shuffle(idx)
            ds = tf.data.Dataset.from_tensor_slices((x[idx], y[idx])).batch(32)
        """),
        # Not known to be a dataset: a parameter without annotation, pandas.
        Valid("""
            import tensorflow as tf
            def prepare(data):
                data.shuffle(100)
                return data
            df.filter(items=["a"])
        """),
        # A test checking that a function traces inside `map`.
        Valid("""
            import tensorflow as tf
            def test_layer_in_tf_data():
                ds = tf.data.Dataset.from_tensor_slices(images)
                ds.map(layer)
        """),
        # The result is used (returned, passed on, iterated).
        Valid("""
            import tensorflow as tf
            ds = tf.data.Dataset.range(10)
            model.fit(ds.batch(2), epochs=1)
            for batch in ds.batch(4):
                print(batch)
        """),
    )
    INVALID = (
        Invalid("""
            import tensorflow as tf
            (x, y), _ = tf.keras.datasets.mnist.load_data()
            train = tf.data.Dataset.from_tensor_slices((x, y))
            train.shuffle(60000)
            train = train.batch(64)
        """, lines=(4,)),
        # A directory dataset mapped in a statement: the rescaling never happens.
        Invalid("""
            import keras
            ds = keras.utils.image_dataset_from_directory("photos")
            ds.map(lambda x, y: (x / 255.0, y))
            model.fit(ds, epochs=5)
        """, lines=(3,)),
        # Inside a helper whose parameter is annotated as a dataset.
        Invalid("""
            import tensorflow as tf
            def prepare(ds: tf.data.Dataset) -> tf.data.Dataset:
                ds.cache()
                return ds.prefetch(tf.data.AUTOTUNE)
        """, lines=(3,)),
        # Under a condition.
        Invalid("""
            import tensorflow as tf
            ds = tf.data.TFRecordDataset(files).map(parse)
            if training:
                ds.shuffle(buffer_size=2048)
            ds = ds.batch(32)
        """, lines=(4,)),
    )
