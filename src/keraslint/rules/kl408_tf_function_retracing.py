from keraslint.analysis.layers import line_of, snippet
from keraslint.rules.base import Invalid, Rule, Valid


class TfFunctionRetracing(Rule):
    """
    ## What it does
    Checks for a `tf.function` (decorated, or a `tf.function(f)` wrapper) called in a loop
    with a Python number that changes on every iteration: the loop counter of a
    `range(...)`, the index of an `enumerate(...)`, a counter incremented in the loop, or
    arithmetic on them (`epoch * steps + i`). A function with an `input_signature` is not
    reported, nor is a value converted to a tensor first (`tf.constant(epoch)`), nor a call
    in a Python loop of another traced function (unrolled once, while tracing).
    `reduce_retracing=True` does not help: it relaxes shapes, not Python values (measured with
    TensorFlow 2.21: twelve calls with the Python ints 0-11 traced a `reduce_retracing=True`
    function twelve times).

    Real-code precision: no finding on the pinned real-code corpora (`scripts/realcode.py`: the
    Keras examples and guides, the TensorFlow docs notebooks, the tf-models-official/keras-
    hub/keras wheels; keras-io's generated notebook copies not counted twice) (n = 0); one false
    finding met in review is fixed as a general pattern (a call in a Python loop of another
    traced function is unrolled once, while tracing).

    ## Why is this bad?
    `tf.function` keys its traces on the values of Python arguments: every new epoch number
    or step index traces the whole function again — seconds of graph building per call, a
    new graph kept in memory each time, and TensorFlow's warning that "tf.function
    retracing" is expensive. A step index passed from `enumerate(dataset)` retraces on every
    batch, so the "traced" step is slower than an eager one.

    ## Example
    ```python
    @tf.function
    def train_step(x, y, step):
        ...

    for step, (x, y) in enumerate(train_ds):
        train_step(x, y, step)
    ```

    ## Use instead
    ```python
    for step, (x, y) in enumerate(train_ds):
        train_step(x, y, tf.constant(step, dtype=tf.int64))
    ```

    ## Options
    None.

    ## References
    - [TensorFlow: tf.function — rules of tracing](https://www.tensorflow.org/guide/function#rules_of_tracing)
    - [TensorFlow: controlling retracing](https://www.tensorflow.org/guide/function#controlling_retracing)
    """

    CODE = "KL408"
    NAME = "tf-function-retracing"
    SUMMARY = ("A `tf.function` called with Python scalars or changing shapes in a loop, "
               "retracing each call.")
    MESSAGE = ("`{function}` is a `tf.function` called here with `{argument}`, a Python number "
               "that changes on every iteration of the loop on line {loop_line} ({why}): each "
               "new value traces the function again. Pass a tensor (`tf.constant({argument})`) "
               "or give the function an `input_signature`")

    def check(self, facts):
        training = facts.training
        if training.eager_forced:
            return  # `run_functions_eagerly(True)`: nothing is traced
        for name, site, _function in training.retraced_calls:
            if training.trace(training.function_of(site)) is not None:
                continue  # a Python loop in traced code runs once, while tracing
            found = training.changing_python_argument(site)
            if found is None:
                continue
            _index, argument, loop, why = found
            yield self.report(site, function=name, argument=snippet(facts, argument, 40),
                              loop_line=line_of(facts, loop), why=why)

    VALID = (
        Valid("""
            import tensorflow as tf
            @tf.function
            def train_step(x, y, step):
                return x
            for step, (x, y) in enumerate(train_ds):
                train_step(x, y, tf.constant(step, dtype=tf.int64))
        """),
        Valid("""
            import tensorflow as tf
            @tf.function(input_signature=[tf.TensorSpec([], tf.int64)])
            def schedule(step):
                return step
            for step in range(1000):
                schedule(step)
        """),
        # Tensors from the dataset, and a constant flag: one trace.
        Valid("""
            import tensorflow as tf
            @tf.function
            def train_step(x, y, training):
                return x
            for epoch in range(10):
                for x, y in train_ds:
                    train_step(x, y, True)
        """),
        # Called in a Python loop of another traced function: unrolled once, while tracing.
        Valid("""
            import tensorflow as tf
            @tf.function
            def overlay(x, label):
                return x + label
            @tf.function
            def predict(x):
                return [overlay(x, label) for label in range(10)] + [overlay(x, i) for i in [0]]
            @tf.function
            def predict_loop(x):
                out = []
                for label in range(10):
                    out.append(overlay(x, label))
                return out
        """),
        # Not traced.
        Valid("""
            import tensorflow as tf
            def train_step(x, step):
                return x
            for step in range(100):
                train_step(data, step)
        """),
    )
    INVALID = (
        # reduce_retracing relaxes shapes only: Python values still retrace.
        Invalid("""
            import tensorflow as tf
            @tf.function(reduce_retracing=True)
            def f(x, epoch):
                return x
            for epoch in range(10):
                f(data, epoch)
        """, lines=(6,)),
        Invalid("""
            import tensorflow as tf
            @tf.function
            def train_step(x, y, step):
                return x
            for step, (x, y) in enumerate(train_ds):
                train_step(x, y, step)
        """, lines=(6,)),
        Invalid("""
            import tensorflow as tf
            def log_step(epoch):
                tf.print(epoch)
            traced = tf.function(log_step)
            for epoch in range(20):
                traced(epoch + 1)
        """, lines=(6,)),
        # A learning rate computed in Python from the epoch.
        Invalid("""
            import tensorflow as tf
            @tf.function
            def train_step(x, y, lr):
                return x * lr
            for epoch in range(30):
                lr = 0.1 * 0.95 ** epoch
                for x, y in train_ds:
                    train_step(x, y, lr)
        """, lines=(8,)),
        Invalid("""
            import tensorflow as tf
            @tf.function
            def update(x, global_step):
                return x
            global_step = 0
            while True:
                update(batch, global_step)
                global_step += 1
        """, lines=(7,)),
    )
