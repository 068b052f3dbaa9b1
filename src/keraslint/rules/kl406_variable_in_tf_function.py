from keraslint.analysis.layers import snippet
from keraslint.analysis.training.traced import DECORATED, KERAS_STEP, WRAPPED
from keraslint.rules.base import Invalid, Rule, Valid

_VARIABLES = ("tensorflow.Variable", "tensorflow.compat.v1.Variable")
_HOW = {DECORATED: "decorated with `@tf.function`", WRAPPED: "wrapped in `tf.function(...)`",
        KERAS_STEP: "a `{name}` that Keras traces with `tf.function`"}


class VariableInTfFunction(Rule):
    """
    ## What it does
    Checks for `tf.Variable(...)` created in the body of a traced function: a def decorated
    with `@tf.function`, wrapped in `tf.function(...)`, or a `train_step`/`test_step`
    override that Keras traces. A creation guarded by a condition (`if self.v is None:`) is
    the documented way to create a variable once and is not reported.

    Real-code precision: 1 finding on the pinned real-code corpora (`scripts/realcode.py`: the
    Keras examples and guides, the TensorFlow docs notebooks, the tf-models-official/keras-
    hub/keras wheels; keras-io's generated notebook copies not counted twice), intended (the
    `tf.function` guide demonstrates this very error).

    ## Why is this bad?
    A traced function runs its Python body only while tracing, and TensorFlow traces a
    function that creates variables a second time on its first call to lift their
    initialization out of the graph. An unconditional `tf.Variable(...)` is then created
    again, and the first call raises `ValueError: tf.function only supports singleton
    tf.Variables created on the first call` (measured with TensorFlow 2.21; the
    `tf.function` guide shows the same error). The intent — a fresh counter or accumulator
    per call — needs a variable created once outside and reset with `assign`.

    ## Example
    ```python
    @tf.function
    def train_step(x, y):
        total = tf.Variable(0.0)
        ...
    ```

    ## Use instead
    ```python
    total = tf.Variable(0.0)

    @tf.function
    def train_step(x, y):
        total.assign(0.0)
        ...
    ```

    ## Options
    None.

    ## References
    - [TensorFlow: tf.function — creating tf.Variables](https://www.tensorflow.org/guide/function#creating_tfvariables)
    """

    CODE = "KL406"
    NAME = "variable-in-tf-function"
    SUMMARY = "`tf.Variable` created inside a `tf.function` body."
    MESSAGE = ("`{call}` is created inside `{function}`, {how}: a traced function may create "
               "variables only once, so calling it raises `ValueError: tf.function only "
               "supports singleton tf.Variables created on the first call`. Create the variable "
               "outside the function (or once, under `if self.v is None:`)")

    def check(self, facts):
        training = facts.training
        if training.eager_forced:
            return  # `run_functions_eagerly(True)`: nothing is traced
        for call in facts.calls_to(*_VARIABLES):
            function = facts.index.enclosing_function.get(call)
            trace = training.direct_trace(function)
            if trace is None or trace.kind not in _HOW:
                continue
            if any(not block.is_loop for block in facts.index.call_blocks.get(call, ())):
                continue  # created under a condition: the singleton pattern
            yield self.report(call, call=snippet(facts, call), function=function.name.value,
                              how=_HOW[trace.kind].format(name=function.name.value))

    VALID = (
        Valid("""
            import tensorflow as tf
            total = tf.Variable(0.0)
            @tf.function
            def step(x):
                total.assign_add(tf.reduce_sum(x))
        """),
        # The documented singleton pattern.
        Valid("""
            import tensorflow as tf
            class Counter(tf.Module):
                def __init__(self):
                    self.count = None
                @tf.function
                def __call__(self, x):
                    if self.count is None:
                        self.count = tf.Variable(0)
                    self.count.assign_add(1)
                    return x
        """),
        # Not traced.
        Valid("""
            import tensorflow as tf
            def make_state():
                return tf.Variable(tf.zeros([4]))
        """),
    )
    INVALID = (
        Invalid("""
            import tensorflow as tf
            @tf.function
            def train_step(x, y):
                total = tf.Variable(0.0)
                total.assign_add(tf.reduce_sum(x))
                return total
        """, lines=(4,)),
        Invalid("""
            import tensorflow as tf
            def accumulate(x):
                acc = tf.Variable(tf.zeros_like(x))
                acc.assign_add(x)
                return acc
            fast = tf.function(accumulate)
        """, lines=(3,)),
    )
