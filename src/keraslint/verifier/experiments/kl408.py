"""KL408 tf.function retracing: the user's traced function called as the loop calls it — the
changing Python number taking the loop's first values, the other arguments a stand-in batch —
counting traces with `experimental_get_tracing_count()`; then the same calls with the number
as a tensor, which should trace once."""

from __future__ import annotations

import tensorflow as tf

from keraslint.verifier.experiments.steps import first_line, step_arguments, step_function
from keraslint.verifier.experiments.verdicts import NOTES, confirmed, refuted, undecided
from keraslint.verifier.protocol import Verdict

CALLS = 5


def run(namespace: dict, facts: dict) -> Verdict:
    function = step_function(namespace, facts)
    name = facts.get("called_as") or facts.get("step_name")
    if not hasattr(function, "experimental_get_tracing_count"):
        function = tf.function(function)  # `tf.function(f)` wrapper: the same tracing rules
        NOTES.append(f"`{facts.get('step_name')}` wrapped in tf.function as the program does")
    index = facts.get("scalar_index")
    if index is None:
        return undecided("which argument changes per iteration is not known")
    args = step_arguments(namespace, facts, skip=index)
    try:
        for value in range(CALLS):
            args[index] = value
            function(*args)
        written = function.experimental_get_tracing_count()
        for value in range(CALLS, 2 * CALLS):
            args[index] = tf.constant(value, dtype=tf.int64)
            function(*args)
        fixed = function.experimental_get_tracing_count() - written
    except Exception as error:  # noqa: BLE001
        return undecided(f"`{name}` failed on the stand-in arguments: {type(error).__name__}: "
                         f"{first_line(error)}")
    text = (f"{CALLS} calls of `{name}` with the Python values 0..{CALLS - 1} traced it "
            f"{written} times; {CALLS} more calls with the value as a tensor traced it "
            f"{fixed} more time(s)")
    numbers = dict(traces_as_written=written, calls=CALLS, traces_with_tensor=fixed)
    if written >= CALLS:
        return confirmed(text + ": every new Python value retraces the function", **numbers)
    return refuted(text + ": the Python argument did not retrace it", **numbers)
