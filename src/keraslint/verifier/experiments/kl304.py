"""KL304 dataset operations in an order that defeats them. The pipeline is rebuilt on numbered
examples, as written and in the order the finding asks for, and two epochs are drawn:

- `shuffle` after `batch`: the share of the second epoch's batches whose exact composition the
  first epoch already had (100 % when the examples are never reshuffled), against the order
  that shuffles examples before batching; on a source that reshuffles by itself (the Keras
  directory helpers), whether the extra `shuffle` changes any batch's composition and how many
  batches it pulls into its buffer before yielding the first one;
- `shuffle(1)`: the share of positions it leaves unchanged;
- `cache` after a random `map`: the program's own map function is not run (the job carries the
  pipeline's facts only), so the mechanism is shown with a stand-in random map, and the verdict
  is inconclusive;
- `shuffle` after `repeat` (an option): how many distinct examples one epoch's worth of
  elements holds, against shuffling before repeating.
"""

from __future__ import annotations

import math

import tensorflow as tf

from keraslint.verifier.experiments import pipelines as rebuilt
from keraslint.verifier.experiments.verdicts import (
    Inconclusive,
    confirmed,
    percent,
    refuted,
    undecided,
)
from keraslint.verifier.protocol import Verdict


def run(namespace: dict, facts: dict) -> Verdict:
    kind = facts.get("kind")
    if kind == "shuffle_after_batch":
        return _after_batch(facts)
    if kind == "shuffle_one":
        return _one_buffer(facts)
    if kind == "cache_after_random_map":
        return _after_random_map(facts)
    if kind == "shuffle_after_repeat":
        return _after_repeat(facts)
    raise Inconclusive(f"no experiment for the KL304 case {kind!r}")


def _after_batch(facts: dict) -> Verdict:
    n = rebuilt.size_of(facts)
    steps, flagged = facts["steps"], facts["flagged"]
    written = rebuilt.build(facts, n)
    first, second = rebuilt.epoch(written, n), rebuilt.epoch(written, n)
    share = rebuilt.repeated_share(first, second)
    batch = max(len(b) for b in first)
    source = facts["source"]
    if source.get("reshuffles") and source.get("batched") and not any(
            s["method"] == "cache" for s in steps[:flagged]):
        return _source_reshuffles(facts, n, share, len(first), batch)
    intended = _examples_shuffled_first(facts, n)
    i_first, i_second = rebuilt.epoch(intended, n), rebuilt.epoch(intended, n)
    intended_share = rebuilt.repeated_share(i_first, i_second)
    numbers = dict(repeated_batches=share, repeated_batches_intended=intended_share,
                   batches=len(first), batch_size=batch, examples=n)
    text = (f"of {len(second)} batches of up to {batch} examples, {percent(share)} hold "
            f"exactly the examples of a batch of the previous epoch as written (only their "
            f"order changes), against {percent(intended_share)} when the examples are "
            f"shuffled before batching")
    if share >= 0.99 and intended_share < share:
        return confirmed(text, **numbers)
    if share < 0.5:
        return refuted(text + ": the batches' compositions do change between epochs", **numbers)
    return undecided(text, **numbers)


def _examples_shuffled_first(facts: dict, n: int) -> tf.data.Dataset:
    """The order the finding asks for: examples (cached first, if the pipeline caches) shuffled
    every epoch, then batched; the flagged batch-level shuffle dropped."""
    flagged = facts["flagged"]
    steps = [s for i, s in enumerate(facts["steps"]) if i != flagged]
    source = dict(facts["source"])
    batch = source.get("batch_size") if source.get("batched") else None
    batch_steps = [s for s in steps if s["method"] in ("batch", "padded_batch")]
    if batch is None and batch_steps:
        batch = batch_steps[0].get("batch_size")
    batch = batch if isinstance(batch, int) else rebuilt.STAND_IN_BATCH
    ds = tf.data.Dataset.range(n)
    if any(s["method"] == "cache" for s in steps):
        ds = ds.cache()
    ds = ds.shuffle(n, seed=rebuilt.OP_SEED, reshuffle_each_iteration=True).batch(batch)
    return ds


def _source_reshuffles(facts: dict, n: int, share: float, batches: int,
                       batch: int) -> Verdict:
    """A Keras directory helper reshuffles its examples itself: the extra shuffle only reorders
    batches (same compositions in an epoch with and without it) and fills its buffer with
    whole batches."""
    flagged = facts["flagged"]
    without = [s for i, s in enumerate(facts["steps"]) if i != flagged]
    tf.random.set_seed(0)
    with_shuffle = rebuilt.epoch(rebuilt.build(facts, n), n)
    tf.random.set_seed(0)
    without_shuffle = rebuilt.epoch(rebuilt.build(facts, n, without), n)
    unchanged = rebuilt.repeated_share(without_shuffle, with_shuffle)
    upstream = rebuilt.build(facts, n, facts["steps"][:flagged])
    counter, pulled = rebuilt.counted(upstream)
    step = facts["steps"][flagged]
    shuffled = rebuilt.apply(counter, step, flagged)
    next(iter(shuffled))
    buffered = pulled[0]
    numbers = dict(same_compositions=unchanged, batches_buffered=buffered,
                   examples_buffered=buffered * batch, repeated_batches=share, examples=n)
    text = (f"with the same source order, the extra `shuffle` leaves {percent(unchanged)} of the "
            f"{len(with_shuffle)} batches of an epoch with the same examples (it only reorders "
            f"whole batches; the source itself reshuffles, so {percent(share)} of batch "
            f"compositions repeat across epochs either way), and it pulled {buffered} batches "
            f"({buffered * batch} examples) into its buffer before yielding its first batch")
    if unchanged >= 0.99 and buffered > 1:
        return confirmed(text, **numbers)
    return undecided(text, **numbers)


def _one_buffer(facts: dict) -> Verdict:
    n = rebuilt.size_of(facts)
    flagged = facts["flagged"]
    without = [s for i, s in enumerate(facts["steps"]) if i != flagged]
    written = [e for b in rebuilt.epoch(rebuilt.build(facts, n), n) for e in b]
    plain = [e for b in rebuilt.epoch(rebuilt.build(facts, n, without), n) for e in b]
    unchanged = rebuilt.same_positions(written, plain)
    numbers = dict(unchanged_positions=unchanged, examples=len(written))
    text = (f"`shuffle(1)` leaves {percent(unchanged)} of {len(written)} examples at the "
            f"position they have without it")
    if unchanged >= 0.999:
        return confirmed(text + ": it shuffles nothing", **numbers)
    return refuted(text, **numbers)


def _after_random_map(facts: dict) -> Verdict:
    """Elements cached after a random map repeat across epochs; shown with a stand-in random
    function, so inconclusive: the program's own map function did not run."""
    n = min(rebuilt.size_of(facts), 512)
    generator = tf.random.Generator.from_seed(1)  # its state moves on from call to call

    def noisy(i):
        return tf.cast(i, tf.float32) + generator.uniform(())

    written = tf.data.Dataset.range(n).map(noisy).cache()
    intended = tf.data.Dataset.range(n).cache().map(noisy)
    same = [_same_elements(ds) for ds in (written, intended)]
    numbers = dict(repeated_elements=same[0], repeated_elements_intended=same[1])
    line = next((s.get("line") for s in reversed(facts["steps"][:facts["flagged"]])
                 if s["method"] == "map"), None)
    where = f"the `map` on line {line}" if line else "the map"
    return undecided(
        f"the program's own map function was not run (the job rebuilds the pipeline from its "
        f"facts), so the mechanism is shown with a stand-in random map in its place: cached "
        f"after it, {percent(same[0])} of {n} elements are identical in the second epoch; "
        f"cached before it, {percent(same[1])}. Whether {where} draws new numbers on every "
        f"call is the static finding's claim", **numbers)


def _same_elements(ds: tf.data.Dataset) -> float:
    first = [float(v) for v in ds]
    second = [float(v) for v in ds]
    return sum(math.isclose(a, b) for a, b in zip(first, second)) / max(len(first), 1)


def _after_repeat(facts: dict) -> Verdict:
    n = rebuilt.size_of(facts)
    flagged = facts["flagged"]
    steps = facts["steps"][:flagged + 1]
    written = [e for b in rebuilt.epoch(rebuilt.build(facts, n, steps, skip_repeat=False), n)
               for e in b][:n]
    reordered = [s for s in steps if s["method"] != "repeat"] + [
        s for s in steps if s["method"] == "repeat"]
    intended = [e for b in rebuilt.epoch(rebuilt.build(facts, n, reordered, skip_repeat=False),
                                         n) for e in b][:n]
    distinct, distinct_intended = len(set(written)), len(set(intended))
    numbers = dict(distinct_in_epoch=distinct, distinct_in_epoch_intended=distinct_intended,
                   examples=n)
    text = (f"the first {n} elements (one epoch's worth) hold {distinct} distinct examples "
            f"as written, {distinct_intended} when shuffling before repeating")
    if distinct < distinct_intended:
        return confirmed(text + ": epochs overlap", **numbers)
    return refuted(text, **numbers)
