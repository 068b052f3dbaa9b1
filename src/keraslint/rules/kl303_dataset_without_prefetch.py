from typing import Iterator

from keraslint.analysis import FileFacts
from keraslint.analysis.calls import anchor, method_name
from keraslint.analysis.layers import line_of, snippet
from keraslint.analysis.pipelines import DATASET
from keraslint.rules.base import Invalid, Report, Rule, Valid


class DatasetWithoutPrefetch(Rule):
    """
    ## What it does
    Checks for `fit` calls that receive a `tf.data` pipeline with no `prefetch` anywhere: the
    whole pipeline is visible from its source (`from_tensor_slices`, `TFRecordDataset`, ...),
    neither it nor its source prefetches, and no step runs ahead on its own (a parallel
    `map`/`interleave` with `num_parallel_calls`, a `TFRecordDataset` with
    `num_parallel_reads`). The Keras dataset helpers (`image_dataset_from_directory` and
    friends), `make_csv_dataset` and `tfds.load` prefetch already; a pipeline built elsewhere
    (a parameter) is not reported.

    Off by default: a missing `prefetch` costs time, not correctness, and small in-memory
    pipelines gain little from it.

    Real code (Keras examples and guides with their notebook copies, TensorFlow docs notebooks,
    the three wheels; the rule selected explicitly): 90 findings, a sample of 12 read: each
    pipeline indeed has no `prefetch` and no parallel step.

    ## Why is this bad?
    Without `prefetch`, the next batch is prepared only when the training step asks for it:
    reading, decoding and `map` functions run while the accelerator waits, and the step waits
    while they run. Keras does not add a `prefetch` to a dataset it is given (Keras 3.15
    `TFDatasetAdapter`), and TensorFlow 2.21 does not inject one by default either (measured:
    a 10 ms `map` per element and a 20 ms step take 1.27 s for 30 batches without `prefetch`,
    0.69 s with `prefetch(2)`).

    ## Example
    ```python
    ds = tf.data.TFRecordDataset(files).map(parse).batch(64)
    model.fit(ds, epochs=10)
    ```

    ## Use instead
    ```python
    ds = (tf.data.TFRecordDataset(files).map(parse, num_parallel_calls=tf.data.AUTOTUNE)
          .batch(64).prefetch(tf.data.AUTOTUNE))
    model.fit(ds, epochs=10)
    ```

    ## Options
    None.

    ## References
    - [TensorFlow: Better performance with the tf.data API, prefetching](https://www.tensorflow.org/guide/data_performance#prefetching)
    """

    CODE = "KL303"
    NAME = "dataset-without-prefetch"
    SUMMARY = "A `tf.data` pipeline fed to training with no `prefetch` (off by default)."
    MESSAGE = ("`fit` receives `{data}`, a `tf.data` pipeline from `{source}` (line {line}) that "
               "never prefetches: each batch is prepared only when the training step asks for "
               "it, so input work and training never overlap. End the pipeline with "
               "`.prefetch(tf.data.AUTOTUNE)`")
    DEFAULT_ENABLED = False

    def check(self, facts: FileFacts) -> Iterator[Report]:
        pipelines = facts.pipelines
        for call in pipelines.training_calls:
            if method_name(call) != "fit":
                continue
            fed = pipelines.fed(call)
            if fed is None or fed.kind != DATASET or fed.state is None or fed.pipeline is None:
                continue
            origins = fed.pipeline.origins()
            if fed.state.prefetched.value is not False or not all(o.known for o in origins):
                continue
            source = origins[0].node
            yield self.report(call, anchor(call), data=snippet(facts, fed.expr, 40),
                              source=snippet(facts, getattr(source, "func", source), 40) + "(...)",
                              line=line_of(facts, source))

    VALID = (
        Valid("""
            import tensorflow as tf
            ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32).prefetch(tf.data.AUTOTUNE)
            model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
            model.fit(ds)
        """),
        # The Keras helpers prefetch.
        Valid("""
            import keras
            train = keras.utils.image_dataset_from_directory("photos")
            model = keras.Sequential([keras.layers.Rescaling(1 / 255), keras.layers.Dense(3)])
            model.fit(train)
        """),
        # A parallel map runs ahead of the training step by itself.
        Valid("""
            import tensorflow as tf
            ds = tf.data.TFRecordDataset(files).map(parse, num_parallel_calls=tf.data.AUTOTUNE)
            model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
            model.fit(ds.batch(64))
        """),
        # Built elsewhere: unknown.
        Valid("""
            import tensorflow as tf
            def train(model, ds):
                model.fit(ds.batch(32), epochs=2)
        """),
        # Arrays, not a pipeline.
        Valid("""
            import keras
            model = keras.Sequential([keras.layers.Dense(1)])
            model.fit(x, y, batch_size=32)
        """),
    )
    INVALID = (
        Invalid("""
            import tensorflow as tf
            ds = tf.data.TFRecordDataset(files).map(parse).batch(64)
            model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
            model.fit(ds, epochs=10)
        """, lines=(4,)),
        Invalid("""
            import tensorflow as tf
            def make(x, y):
                return tf.data.Dataset.from_tensor_slices((x, y)).shuffle(100).batch(8)
            model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
            model.fit(make(a, b), validation_data=make(c, d))
        """, lines=(5,)),
    )
