"""Rebuilding a described `tf.data` pipeline on numbered examples, and measuring what it yields.

The source becomes `Dataset.range(n)` (n: the program's own number of examples when the code
fixes it, else a stated stand-in), with what the real source does (a Keras directory helper
reshuffles a buffer of 8 x batch_size examples every epoch and batches them); every operation
is rebuilt with its literal arguments. Element values are example ids, so a batch's
composition is the set of ids it holds. `map` keeps membership and is rebuilt as the identity;
`repeat` is left out (an epoch is one pass of the dataset); an operation that changes
membership in a way the facts cannot rebuild makes the experiment inconclusive.
"""

from __future__ import annotations

from typing import Any, Iterable, Optional

import numpy as np
import tensorflow as tf

from keraslint.verifier.experiments.verdicts import NOTES, Inconclusive

STAND_IN_SIZE = 2048  # examples, when the code does not fix how many there are
MAX_SIZE = 20000  # larger data sets are rebuilt at this size (the composition claims hold)
STAND_IN_BATCH = 32
STAND_IN_BUFFER = 1000
SOURCE_SEED, OP_SEED = 11, 23
_KEEPS_MEMBERSHIP = ("map", "map_with_legacy_function", "prefetch", "with_options",
                     "ignore_errors", "apply_options", "assert_cardinality")


def size_of(described: dict) -> int:
    size = described["source"].get("size")
    if isinstance(size, int) and size > 0:
        if size > MAX_SIZE:
            NOTES.append(f"rebuilt with {MAX_SIZE} of the {size} examples")
            return MAX_SIZE
        return size
    NOTES.append(f"the number of examples is not fixed by the code: {STAND_IN_SIZE} numbered "
                 f"examples stand in")
    return STAND_IN_SIZE


def source(described: dict, n: int, seed: int = SOURCE_SEED) -> tf.data.Dataset:
    """The examples as the real source yields them: numbered, reshuffled and batched as it does."""
    spec = described["source"]
    ds = tf.data.Dataset.range(n)
    if spec.get("kind") is None:
        raise Inconclusive("the pipeline's source is not known, so what it already does "
                           "(batching, shuffling) cannot be rebuilt")
    batch = spec.get("batch_size") if spec.get("batched") else None
    if spec.get("reshuffles"):
        buffer = 8 * batch if batch else 1024
        ds = ds.shuffle(buffer, seed=seed, reshuffle_each_iteration=True)
    if spec.get("batched"):
        ds = ds.batch(batch or _stand_in_batch())
    return ds


def _stand_in_batch() -> int:
    NOTES.append(f"a batch size the code does not fix is taken as {STAND_IN_BATCH}")
    return STAND_IN_BATCH


def apply(ds: tf.data.Dataset, step: dict, index: int, skip_repeat: bool = True
          ) -> tf.data.Dataset:
    method = step["method"]
    if method in ("batch", "padded_batch", "rebatch", "ragged_batch", "sparse_batch",
                  "bucket_by_sequence_length"):
        size = step.get("batch_size")
        size = size if isinstance(size, int) and size > 0 else _stand_in_batch()
        return ds.batch(size, drop_remainder=step.get("drop_remainder") is True)
    if method == "unbatch":
        return ds.unbatch()
    if method == "shuffle":
        buffer = step.get("buffer_size")
        if not isinstance(buffer, int) or buffer < 1:
            NOTES.append(f"a shuffle buffer the code does not fix is taken as {STAND_IN_BUFFER}")
            buffer = STAND_IN_BUFFER
        reshuffle = step.get("reshuffle_each_iteration")
        return ds.shuffle(buffer, seed=OP_SEED + index,
                          reshuffle_each_iteration=reshuffle is not False)
    if method == "repeat":
        if skip_repeat:
            return ds
        count = step.get("count")
        return ds.repeat(count if isinstance(count, int) else None)
    if method == "cache":
        return ds.cache()
    if method in ("take", "skip"):
        count = step.get("count")
        if not isinstance(count, int):
            raise Inconclusive(f"`{method}` with a count the code does not fix cannot be rebuilt")
        return ds.take(count) if method == "take" else ds.skip(count)
    if method in _KEEPS_MEMBERSHIP:
        return ds
    if method == "filter":
        NOTES.append(f"the `filter` on line {step.get('line')} is left out")
        return ds
    raise Inconclusive(f"the pipeline's `{method}` (line {step.get('line')}) cannot be rebuilt "
                       "from the code's facts")


def build(described: dict, n: int, steps: Optional[list[dict]] = None,
          skip_repeat: bool = True) -> tf.data.Dataset:
    ds = source(described, n)
    for index, step in enumerate(described["steps"] if steps is None else steps):
        ds = apply(ds, step, index, skip_repeat)
    return ds


def epoch(ds: tf.data.Dataset, limit: int) -> list[tuple[int, ...]]:
    """One pass: each element as the tuple of example ids it holds (at most `limit` elements)."""
    out = []
    for element in ds.take(limit):
        ids = np.asarray(element).reshape(-1)
        out.append(tuple(int(i) for i in ids))
    return out


def repeated_share(first: Iterable[tuple], second: Iterable[tuple]) -> float:
    """Share of the second epoch's batches whose exact composition the first epoch had."""
    seen = {frozenset(b) for b in first}
    second = list(second)
    return sum(frozenset(b) in seen for b in second) / max(len(second), 1)


def same_positions(first: list, second: list) -> float:
    """Share of positions holding the same element in both sequences."""
    pairs = list(zip(first, second))
    return sum(a == b for a, b in pairs) / max(len(pairs), 1)


def describe_step(step: dict) -> str:
    args = [f"{step[k]}" for k in ("batch_size", "buffer_size", "count") if k in step]
    return f"{step['method']}({', '.join(args)})"


def counted(ds: tf.data.Dataset) -> tuple[tf.data.Dataset, list[int]]:
    """`ds` with a counter of the elements pulled from it."""
    pulled = [0]

    def count(element: Any) -> Any:
        pulled[0] += 1
        return element

    return ds.map(lambda e: tf.py_function(count, [e], e.dtype)), pulled
