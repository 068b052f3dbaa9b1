from typing import Iterator, Optional

import libcst as cst

from keraslint.analysis import FileFacts
from keraslint.analysis.calls import anchor, argument, method_name
from keraslint.analysis.layers import line_of, snippet
from keraslint.analysis.pipelines import DATASET, GENERATOR, IMAGE_FLOW, PY_DATASET, FedData
from keraslint.analysis.values import UNKNOWN
from keraslint.rules.base import Invalid, Report, Rule, Valid

_KINDS = {
    DATASET: "a `tf.data.Dataset`", PY_DATASET: "a `PyDataset`/`Sequence`",
    IMAGE_FLOW: "an `ImageDataGenerator` iterator (a `Sequence`)", GENERATOR: "a generator",
}


class FitArgsIgnoredWithDataset(Rule):
    """
    ## What it does
    Checks `fit`, `evaluate` and `predict` calls that receive a `tf.data.Dataset`, a
    `PyDataset`/`Sequence` (including `ImageDataGenerator.flow*` iterators) or a Python
    generator together with arguments that only apply to arrays:

    - `batch_size=`: ignored without a word; the batches are the ones the data yields.
    - `validation_split=`: `fit` raises `ValueError` ("Argument `validation_split` is only
      supported for tensors or NumPy arrays") before training, or ignores it when
      `validation_data=` is also given.
    - `shuffle=True` with a `tf.data.Dataset` whose pipeline never shuffles: ignored (Keras 3
      warns "`shuffle=True` was passed, but will be ignored"), so the examples come in the same
      order every epoch. (`shuffle=True` is honoured for a `PyDataset`: it shuffles the order
      of its batches; for a generator, whether it shuffles is unknown.)

    Behaviour checked in Keras 3.15 (`keras/src/trainers/data_adapters/__init__.py`,
    `array_slicing.train_validation_split`) and in `tf_keras` 2.x (same for `batch_size` and
    `validation_split`; `shuffle` ignored silently).

    Real code (`scripts/realcode.py`: Keras examples and guides, TensorFlow docs notebooks, the
    three wheels): 15 findings, all true: 4 pass a batch size other than the data's (a Keras
    guide passes `batch_size=64` next to a `PyDataset` of 32 right after saying it is not
    needed), 11 repeat the dataset's own batch size, which changes nothing (the message says
    so where the sizes are literal, and asks to remove it).

    ## Why is this bad?
    The code says one thing and training does another: a `batch_size=64` next to a dataset
    batched by 32 trains with batches of 32, silently (learning-rate and memory choices made
    for 64 are wrong), and `shuffle=True` does not shuffle an unshuffled pipeline.
    `validation_split` stops the run at the start (or, next to `validation_data`, does nothing).

    ## Example
    ```python
    ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)
    model.fit(ds, batch_size=64, epochs=10, shuffle=True)
    ```

    ## Use instead
    ```python
    ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(len(x)).batch(64)
    model.fit(ds, epochs=10)
    ```

    ## Options
    None.

    ## References
    - [Keras: Model.fit](https://keras.io/api/models/model_training_apis/#fit-method)
      ("Do not specify the `batch_size` if your data is in the form of datasets, generators,
      or `keras.utils.PyDataset` instances"; `validation_split` "is only supported when `x` and
      `y` are made of NumPy arrays or tensors")
    - [Keras source: data adapters](https://github.com/keras-team/keras/blob/master/keras/src/trainers/data_adapters/__init__.py)
    """

    CODE = "KL305"
    NAME = "fit-args-ignored-with-dataset"
    SUMMARY = ("`batch_size=`, `validation_split=` or `shuffle=True` passed to `fit` with a "
               "`Dataset`, `PyDataset`/`Sequence` or generator: ignored or rejected.")
    MESSAGE = "`{method}` receives {data}: {problems}"

    def check(self, facts: FileFacts) -> Iterator[Report]:
        pipelines = facts.pipelines
        for call in pipelines.training_calls:
            fed = pipelines.fed(call)
            if fed is None or fed.kind not in _KINDS:
                continue
            found = [p for p in (_batch_size(facts, call, fed), _validation_split(facts, call, fed),
                                 _shuffle(facts, call, fed)) if p is not None]
            if found:
                first = min((arg for arg, _ in found), key=lambda a: (
                    facts.code_range(a).start.line, facts.code_range(a).start.column))
                data = f"{_KINDS[fed.kind]} (`{snippet(facts, fed.expr, 40)}`)"
                yield self.report(call, first, method=f"{method_name(call)}", data=data,
                                  problems="; ".join(text for _, text in found))

    VALID = (
        # Arrays: every argument applies.
        Valid("""
            import keras
            (x, y), _ = keras.datasets.mnist.load_data()
            model = keras.Sequential([keras.layers.Dense(10)])
            model.fit(x / 255.0, y, batch_size=64, validation_split=0.1, shuffle=True)
        """),
        # A dataset with only the arguments that apply.
        Valid("""
            import tensorflow as tf
            ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(1000).batch(32)
            model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
            model.fit(ds, epochs=3, validation_data=val_ds, batch_size=None)
        """),
        # shuffle=True with a pipeline that shuffles: redundant, not wrong.
        Valid("""
            import tensorflow as tf
            ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(1000).batch(32)
            model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
            model.fit(ds, shuffle=True)
        """),
        # shuffle=True with a PyDataset shuffles its batches' order: honoured.
        Valid("""
            import keras
            class Batches(keras.utils.PyDataset):
                def __len__(self):
                    return 10
                def __getitem__(self, i):
                    return x[i], y[i]
            model = keras.Sequential([keras.layers.Dense(1)])
            model.fit(Batches(), shuffle=True, epochs=2)
        """),
        # An unknown x: maybe arrays.
        Valid("""
            def train(model, data, labels):
                model.fit(data, labels, batch_size=32, validation_split=0.2)
        """),
        # Not a Keras model.
        Valid("""
            import tensorflow as tf
            from sklearn.linear_model import LogisticRegression
            ds = tf.data.Dataset.range(4).batch(2)
            clf = LogisticRegression()
            clf.fit(ds, batch_size=3)
        """),
    )
    INVALID = (
        # batch_size silently ignored.
        Invalid("""
            import tensorflow as tf
            ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(1000).batch(32)
            model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
            model.fit(ds, epochs=5, batch_size=128)
        """, lines=(4,)),
        # validation_split with a directory dataset raises.
        Invalid("""
            import keras
            train = keras.utils.image_dataset_from_directory("photos", image_size=(64, 64))
            model = keras.Sequential([keras.layers.Rescaling(1 / 255), keras.layers.Flatten(),
                                      keras.layers.Dense(3)])
            model.fit(train,
                      validation_split=0.2,
                      epochs=10)
        """, lines=(6,)),
        # shuffle=True on a pipeline that never shuffles.
        Invalid("""
            import tensorflow as tf
            (x, y), _ = tf.keras.datasets.mnist.load_data()
            ds = tf.data.Dataset.from_tensor_slices((x / 255.0, y)).batch(64)
            model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(10)])
            model.fit(ds, shuffle=True, epochs=3)
        """, lines=(5,)),
        # A generator with batch_size.
        Invalid("""
            import numpy as np
            from tensorflow import keras
            def batches():
                while True:
                    yield np.random.rand(16, 4), np.random.rand(16, 1)
            model = keras.Sequential([keras.layers.Dense(1)])
            model.fit(batches(), steps_per_epoch=10, batch_size=16)
        """, lines=(7,)),
        # An ImageDataGenerator iterator with batch_size and validation_split.
        Invalid("""
            from tensorflow.keras.preprocessing.image import ImageDataGenerator
            gen = ImageDataGenerator(rescale=1.0 / 255)
            flow = gen.flow_from_directory("train", target_size=(64, 64))
            model.fit(flow, batch_size=32, validation_split=0.1)
        """, lines=(4,)),
    )


def _batch_size(facts: FileFacts, call: cst.Call, fed: FedData):
    arg = argument(call, "batch_size")
    if arg is None or facts.values.literal(arg.value) is None:
        return None
    given = f"`batch_size={snippet(facts, arg.value, 30)}`"
    return arg, (f"{given} is ignored without a warning, the batches are the ones it yields"
                 f"{_own_batches(facts, fed)}{_compared(facts, arg.value, fed)}")


def _own_batches(facts: FileFacts, fed: FedData) -> str:
    if fed.kind != DATASET or fed.state is None or fed.state.batched.value is not True:
        return ""
    node = fed.state.batched.node
    size = fed.state.batch_size
    what = f" of {size}" if size else ""
    if not isinstance(node, cst.Call):
        return f" (batches{what})" if what else ""
    return f" (batches{what} from `{_short(facts, node)}`, line {line_of(facts, node)})"


def _compared(facts: FileFacts, given: cst.BaseExpression, fed: FedData) -> str:
    """What the ignored value means here: a different batch size, or the same one."""
    state = fed.state if fed.kind == DATASET else None
    value = facts.values.literal(given)
    size = state.batch_size if state is not None else None
    if isinstance(value, int) and size and value != size:
        return (f", so training uses batches of {size}, not {value}; set the batch size where "
                f"the data is batched")
    batch_call = state.batched.node if state is not None else None
    same_text = isinstance(batch_call, cst.Call) and batch_call.args and \
        snippet(facts, batch_call.args[0].value) == snippet(facts, given)
    if (isinstance(value, int) and value == size) or same_text:
        return "; it equals the dataset's own batch size here, so remove it"
    return "; set the batch size where the data is batched"


def _validation_split(facts: FileFacts, call: cst.Call, fed: FedData):
    if method_name(call) != "fit":
        return None
    arg = argument(call, "validation_split", 6)
    if arg is None:
        return None
    value = facts.values.literal(arg.value)
    if value in (None, 0, 0.0, False):
        return None
    given = f"`validation_split={snippet(facts, arg.value, 30)}`"
    if argument(call, "validation_data", 7) is not None:
        return arg, f"{given} is ignored (`validation_data` is given)"
    when = "" if value is not UNKNOWN else " (unless it is 0)"
    return arg, (f"{given} makes `fit` raise `ValueError` before training{when} (\"Argument "
                 f"`validation_split` is only supported for tensors or NumPy arrays\"); split the "
                 f"data before feeding it (`validation_split`/`subset` of the dataset helpers, or "
                 f"`take`/`skip`) and pass `validation_data=`")


def _shuffle(facts: FileFacts, call: cst.Call, fed: FedData):
    if method_name(call) != "fit" or fed.kind != DATASET or fed.state is None:
        return None
    arg = argument(call, "shuffle", 8)
    if arg is None or facts.values.literal(arg.value) is not True:
        return None
    if fed.state.shuffled_once.value is not False or fed.pipeline is None:
        return None
    origin = fed.pipeline.origin
    source = (f" (no `shuffle` after `{_short(facts, origin.node)}`, line "
              f"{line_of(facts, origin.node)})" if origin is not None and origin.known else "")
    return arg, (f"`shuffle=True` is ignored for a dataset (Keras 3 warns that it will be "
                 f"ignored) and this pipeline never shuffles{source}, so every epoch sees the "
                 f"examples in the same order; shuffle in the pipeline, before batching: "
                 f"`.shuffle(n).batch(...)`")


def _short(facts: FileFacts, node: Optional[cst.CSTNode]) -> str:
    """`batch(32)` for `ds.batch(32)`, `image_dataset_from_directory(...)` for a source."""
    if isinstance(node, cst.Call):
        if isinstance(node.func, cst.Attribute) and facts.call_name(node) is None:
            return f"{node.func.attr.value}({snippet(facts, node.args[0].value, 20) if node.args else ''})"
        name = facts.call_name(node) or snippet(facts, node.func, 30)
        return f"{name.rsplit('.', 1)[-1]}(...)"
    return snippet(facts, node, 30) if node is not None else "?"
