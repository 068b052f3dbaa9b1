"""KL404 untraced train step: the user's step timed as written (eager) and wrapped in
`tf.function`, on the same stand-in batch, after one warm-up call each (the trace); the
ratio is the speed-up tracing gives this step. A step that cannot be traced (`.numpy()`,
Python side effects on tensors) is inconclusive."""

from __future__ import annotations

import time

import tensorflow as tf

from keraslint.verifier.experiments.steps import first_line, step_arguments, step_function
from keraslint.verifier.experiments.verdicts import confirmed, fmt, refuted, undecided
from keraslint.verifier.protocol import Verdict

FASTER = 1.3  # traced at least this much faster: the claim holds
BUDGET = 2.0  # seconds of timed calls per variant, at most
MAX_CALLS = 30


def run(namespace: dict, facts: dict) -> Verdict:
    step = step_function(namespace, facts)
    args = step_arguments(namespace, facts)
    name = facts.get("step_name")
    try:
        traced = tf.function(step)
        traced(*args)  # the trace
    except Exception as error:  # noqa: BLE001
        return undecided(f"`{name}` cannot be traced as written: {type(error).__name__}: "
                         f"{first_line(error)}")
    step(*args)  # warm-up (first eager call builds the optimizer's state)
    eager_seconds, calls = _time(step, args)
    traced_seconds, _ = _time(traced, args, calls)
    ratio = eager_seconds / traced_seconds if traced_seconds > 0 else float("inf")
    text = (f"`{name}` took {fmt(1000 * eager_seconds)} ms per call as written (eager) vs "
            f"{fmt(1000 * traced_seconds)} ms in tf.function over {calls} calls: ")
    numbers = dict(eager_ms=1000 * eager_seconds, traced_ms=1000 * traced_seconds,
                   speedup=ratio, calls=calls)
    if ratio >= FASTER:
        return confirmed(text + f"tracing makes it {fmt(ratio)}x faster", **numbers)
    return refuted(text + f"only {fmt(ratio)}x: this step is dominated by its kernels, "
                   "tracing would gain little here", **numbers)


def _time(function, args, calls=None) -> tuple[float, int]:
    """Mean seconds per call (and how many calls were timed), within the budget."""
    count, started = 0, time.perf_counter()
    while True:
        function(*args)
        count += 1
        elapsed = time.perf_counter() - started
        if (calls is not None and count >= calls) or (calls is None and (
                elapsed > BUDGET or count >= MAX_CALLS)):
            return elapsed / count, count
