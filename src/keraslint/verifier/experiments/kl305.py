"""KL305 `batch_size`, `validation_split` or `shuffle=True` passed to `fit` with data that is not
arrays. The experiment feeds a stand-in of the same kind (a `tf.data.Dataset` batched as the
program batches it, a `PyDataset`, a generator) to a one-layer stand-in model with the
program's own arguments, and records what Keras does: the batch sizes the model sees with and
without the argument, the error `validation_split` raises, the warning and the element order
for `shuffle=True`. Keras's handling depends on the kind of data and the arguments, not on
the model, so the stand-in model leaves the claim's premise intact.
"""

from __future__ import annotations

from typing import Any, Optional

import keras
import numpy as np
import tensorflow as tf

from keraslint.verifier.experiments.capture import capture_warnings
from keraslint.verifier.experiments.verdicts import NOTES, Inconclusive, confirmed, refuted
from keraslint.verifier.protocol import Verdict

STAND_IN_BATCH = 32
EXAMPLES = 96  # a few batches: fit runs eagerly to see them


class _Seen(keras.layers.Layer):
    """Records the batch size of every batch the model is called on (eagerly)."""

    def __init__(self, sink: list, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.record = sink.append  # a list attribute would be copied by Keras' tracking

    def call(self, inputs):
        if inputs.shape[0] is not None:  # eager batches; not the symbolic build
            self.record(int(inputs.shape[0]))
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape


def run(namespace: dict, facts: dict) -> Verdict:
    passed = facts.get("passed") or {}
    parts, numbers, confirmed_any = [], {}, False
    if "batch_size" in passed and passed["batch_size"] is not None:
        text, ok = _batch_size(facts, passed["batch_size"], numbers)
        parts.append(text)
        confirmed_any |= ok
    if facts.get("method") == "fit" and passed.get("validation_split") not in (None, 0, 0.0):
        text, ok = _validation_split(facts, passed["validation_split"], numbers)
        parts.append(text)
        confirmed_any |= ok
    if passed.get("shuffle") is True and facts.get("kind") == "dataset":
        text, ok = _shuffle(facts, numbers)
        parts.append(text)
        confirmed_any |= ok
    if not parts:
        raise Inconclusive("none of the arguments the finding names could be replayed")
    evidence = "; ".join(parts)
    return confirmed(evidence, **numbers) if confirmed_any else refuted(evidence, **numbers)


def _data(facts: dict) -> tuple[Any, int]:
    """A stand-in of the program's kind of data, batched as the program batches it."""
    size = facts.get("batch_size")
    if not isinstance(size, int) or size < 1:
        size = STAND_IN_BATCH
        NOTES.append(f"the data's own batch size is not fixed by the code: {size} stands in")
    x = np.arange(EXAMPLES, dtype="float32").reshape(-1, 1)
    y = np.zeros((EXAMPLES, 1), dtype="float32")
    kind = facts.get("kind")
    if kind == "dataset":
        return tf.data.Dataset.from_tensor_slices((x, y)).batch(size), size
    if kind in ("py_dataset", "image_flow"):
        class Batches(keras.utils.PyDataset):
            def __len__(self):
                return EXAMPLES // size

            def __getitem__(self, i):
                return x[i * size:(i + 1) * size], y[i * size:(i + 1) * size]

        return Batches(), size
    if kind == "generator":
        def batches():
            while True:
                for i in range(EXAMPLES // size):
                    yield x[i * size:(i + 1) * size], y[i * size:(i + 1) * size]
        return batches(), size
    raise Inconclusive(f"no stand-in for data of kind {kind!r}")


def _model(sink: list) -> keras.Model:
    model = keras.Sequential([keras.Input((1,)), _Seen(sink), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse", run_eagerly=True)
    return model


def _call(facts: dict, data: Any, sink: list, **arguments: Any) -> Optional[str]:
    model = _model(sink)
    method = facts.get("method") or "fit"
    steps = {"steps_per_epoch": 3} if method == "fit" else {"steps": 3}
    if method == "predict":
        data = data.map(lambda a, b: a) if isinstance(data, tf.data.Dataset) else data
    try:
        getattr(model, method)(data, verbose=0, **steps, **arguments)
    except Exception as error:  # noqa: BLE001 - Keras's own error is the evidence
        return f"{type(error).__name__}: {' '.join(str(error).split())[:160]}"
    return None


def _batch_size(facts: dict, value: Any, numbers: dict) -> tuple[str, bool]:
    given = value if isinstance(value, int) and value > 0 else 2 * STAND_IN_BATCH
    with_arg: list[int] = []
    data, own = _data(facts)
    with capture_warnings() as captured:
        error = _call(facts, data, with_arg, batch_size=given)
    warned = [m for m in captured.messages if "batch_size" in m]
    without: list[int] = []
    data, _ = _data(facts)
    _call(facts, data, without)
    numbers.update(batch_size_passed=given, batch_size_seen=max(with_arg, default=0),
                   data_batch_size=own)
    if error is not None:
        return f"`batch_size={given}` made Keras raise {error}", True
    ignored = with_arg == without
    how = (f"with a warning (\"{warned[0][:80]}\")" if warned else "without a warning")
    numbers["keras_warned"] = float(bool(warned))
    text = (f"with `batch_size={given}` the model saw batches of {sorted(set(with_arg))}, the "
            f"same as without it ({sorted(set(without))}): Keras ignored it {how}"
            if ignored else f"with `batch_size={given}` the model saw batches of "
            f"{sorted(set(with_arg))}, against {sorted(set(without))} without it")
    return text, ignored


def _validation_split(facts: dict, value: Any, numbers: dict) -> tuple[str, bool]:
    split = value if isinstance(value, float) and 0 < value < 1 else 0.2
    data, _ = _data(facts)
    error = _call(facts, data, [], validation_split=split,
                  **({"validation_data": _data(facts)[0]} if facts.get("validation_data") else {}))
    numbers["validation_split_raised"] = float(error is not None)
    if error is not None:
        return f"`validation_split={split}` made `fit` raise {error}", True
    return f"`validation_split={split}` ran without an error", bool(facts.get("validation_data"))


def _shuffle(facts: dict, numbers: dict) -> tuple[str, bool]:
    """Elements in the same order in two epochs despite `shuffle=True`, and Keras's warning."""
    order: list[list[float]] = []
    data, _ = _data(facts)
    model = keras.Sequential([keras.Input((1,)), _Recorder(order), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse", run_eagerly=True)
    with capture_warnings() as captured:
        model.fit(data, epochs=2, verbose=0, shuffle=True)
    epochs = [order[: len(order) // 2], order[len(order) // 2:]]
    same = float(epochs[0] == epochs[1])
    warned = bool(captured.matching("will be ignored"))
    numbers.update(same_order_both_epochs=same, keras_warned=float(warned))
    text = ("with `shuffle=True` the two epochs fed the examples in the same order"
            if same else "with `shuffle=True` the order changed between epochs")
    if warned:
        text += " (Keras warned: \"`shuffle=True` was passed, but will be ignored\")"
    return text, bool(same)


class _Recorder(keras.layers.Layer):
    def __init__(self, sink: list, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.record = sink.append

    def call(self, inputs):
        if inputs.shape[0] is not None:
            self.record([float(v) for v in np.asarray(inputs).reshape(-1)])
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape
