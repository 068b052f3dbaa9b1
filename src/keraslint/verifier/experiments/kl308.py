"""KL308 a dataset transformation whose result is thrown away. Datasets are immutable: the
experiment rebuilds the pipeline up to the statement on numbered examples, runs the statement
as written (its result dropped) and shows that the dataset yields exactly what it yielded
before, then what the operation would have changed had its result been kept: the order across
two epochs for `shuffle`, the element shape for `batch`, the number of elements for `repeat`,
`take` and `skip`.
"""

from __future__ import annotations

import tensorflow as tf

from keraslint.verifier.experiments import pipelines as rebuilt
from keraslint.verifier.experiments.verdicts import Inconclusive, confirmed, percent, refuted
from keraslint.verifier.protocol import Verdict


def run(namespace: dict, facts: dict) -> Verdict:
    step = facts.get("discarded")
    if not step:
        raise Inconclusive("the discarded operation was not described")
    n = min(rebuilt.size_of(facts), 4096)
    tf.random.set_seed(0)
    reference = rebuilt.epoch(rebuilt.build(facts, n), 4 * n)  # the same pipeline, no statement
    tf.random.set_seed(0)
    ds = rebuilt.build(facts, n)
    kept = _applied(ds, step)  # the statement as written: its result is dropped
    after = rebuilt.epoch(ds, 4 * n)
    before = reference
    unchanged = before == after
    numbers = {"elements_before": len(before), "elements_after": len(after),
               "unchanged": float(unchanged)}
    text = (f"after `{rebuilt.describe_step(step)}` as a statement, the dataset yields the same "
            f"{len(after)} elements in the same order as the same pipeline without it"
            if unchanged else "the dataset changed after the statement")
    if not unchanged:
        return refuted(text, **numbers)
    return confirmed(text + _what_it_would_do(ds, kept, step, n, numbers), **numbers)


def _applied(ds: tf.data.Dataset, step: dict) -> tf.data.Dataset:
    method = step["method"]
    if method in ("map", "filter"):
        return ds  # the function is not in the job; membership and order do not depend on it
    if method == "repeat":
        count = step.get("count")
        return ds.repeat(count if isinstance(count, int) else 3)
    return rebuilt.apply(ds, step, 99, skip_repeat=False)


def _what_it_would_do(ds: tf.data.Dataset, kept: tf.data.Dataset, step: dict, n: int,
                      numbers: dict) -> str:
    method = step["method"]
    if method == "shuffle":
        plain = [rebuilt.epoch(ds, n), rebuilt.epoch(ds, n)]
        mixed = [rebuilt.epoch(kept, n), rebuilt.epoch(kept, n)]
        same, same_kept = (rebuilt.same_positions(*plain), rebuilt.same_positions(*mixed))
        numbers.update(same_order_across_epochs=same, same_order_if_kept=same_kept)
        return (f": {percent(same)} of its elements are at the same position in two epochs, "
                f"against {percent(same_kept)} with the shuffle's result kept")
    if method in ("batch", "padded_batch"):
        size = max(len(e) for e in rebuilt.epoch(ds, 2))
        kept_size = max(len(e) for e in rebuilt.epoch(kept, 2))
        numbers.update(examples_per_element=size, examples_per_element_if_kept=kept_size)
        return (f": each element holds {size} example(s), against {kept_size} with the batch's "
                f"result kept")
    if method in ("repeat", "take", "skip"):
        count, kept_count = len(rebuilt.epoch(ds, 4 * n)), len(rebuilt.epoch(kept, 4 * n))
        numbers.update(elements_per_pass=count, elements_per_pass_if_kept=kept_count)
        return f": one pass yields {count} elements, against {kept_count} with its result kept"
    return ""
