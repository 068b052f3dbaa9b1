from typing import Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.layers import line_of, resolve, snippet
from keraslint.analysis.scopes import OPAQUE
from keraslint.analysis.training.statements import own_nodes
from keraslint.analysis.training.traced import TF_FUNCTION
from keraslint.rules.base import Invalid, Rule, Valid

# Calls that make a tensor of a Python value: passing their result does not retrace.
_TENSOR_MAKERS = ("tensorflow.", "numpy.", "keras.ops.")


class TfFunctionRetracing(Rule):
    """
    ## What it does
    Checks for a `tf.function` (decorated, or a `tf.function(f)` wrapper) called in a loop
    with a Python number that changes on every iteration: the loop counter of a
    `range(...)`, the index of an `enumerate(...)`, a counter incremented in the loop, or
    arithmetic on them (`epoch * steps + i`). A function with an `input_signature` or
    `reduce_retracing=True` is not reported, nor is a value converted to a tensor first
    (`tf.constant(epoch)`).

    Real-code precision: PRECISION_PLACEHOLDER

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
        iteration = training.iteration
        for function, site in self._traced_calls(facts):
            loops = iteration.loops_around(site)
            if not loops:
                continue
            found = self._changing_argument(facts, site, loops)
            if found is None:
                continue
            argument, loop, why = found
            yield self.report(site, function=function, argument=snippet(facts, argument, 40),
                              loop_line=line_of(facts, loop), why=why)

    def _traced_calls(self, facts):
        """(name, call) for each call of a tf.function that Python values retrace."""
        training = facts.training
        for functions in facts.index.functions.values():
            for function in functions:
                trace = training.direct_trace(function)
                if trace is None or trace.may_retrace_on_python_values is not True:
                    continue
                if trace.kind == "decorated":
                    for site in training.iteration.sites(function):
                        yield function.name.value, site
        for wrapper in facts.calls_to(*TF_FUNCTION):
            target = calls.argument_value(wrapper, "func", 0)
            function = facts.definition(target) if isinstance(target, cst.Name) else None
            if not isinstance(function, cst.FunctionDef):
                continue
            trace = training.direct_trace(function)
            if trace is None or trace.function_call is not wrapper \
                    or trace.may_retrace_on_python_values is not True:
                continue
            binding = facts.models.resolver.binding_by_value.get(wrapper)
            if binding is None:
                continue
            for site in facts.values.callers(binding.name):
                if isinstance(site.func, cst.Name) and resolve(facts, site.func) is wrapper:
                    yield binding.name, site

    def _changing_argument(self, facts, site: cst.Call, loops) -> Optional[tuple]:
        counters = self._counters(facts, loops)
        if not counters:
            return None
        for arg in site.args:
            if arg.star:
                return None
            value = arg.value
            if _converted(facts, value):
                continue
            for node in own_nodes(value):
                if isinstance(node, cst.Call) and not _python_number_call(node):
                    break  # computed by some call: its type is not known
            else:
                for node in own_nodes(value):
                    if isinstance(node, cst.Name) and node.value in counters:
                        loop, why = counters[node.value]
                        return value, loop, why
        return None

    def _counters(self, facts, loops) -> dict:
        """Names that hold a Python int changing per iteration: `for i in range(...)`,
        `for i, batch in enumerate(...)`, `step += 1` in the loop."""
        found = {}
        for loop in loops:
            if not isinstance(loop, cst.For):
                continue
            value = loop.iter
            target = loop.target
            if isinstance(value, cst.Call) and isinstance(value.func, cst.Name):
                if value.func.value == "range" and isinstance(target, cst.Name):
                    found[target.value] = (loop, f"`{target.value}` counts the loop's range")
                elif value.func.value == "enumerate" and isinstance(target, (cst.Tuple, cst.List)) \
                        and target.elements and isinstance(target.elements[0].value, cst.Name):
                    name = target.elements[0].value.value
                    found[name] = (loop, f"`{name}` is the index of `enumerate`")
        for loop in loops:
            for node in own_nodes(loop.body):
                if isinstance(node, cst.AugAssign) and isinstance(node.target, cst.Name) \
                        and isinstance(node.operator, (cst.AddAssign, cst.SubtractAssign)):
                    increment = facts.values.literal(node.value)
                    if isinstance(increment, int) and not isinstance(increment, bool) \
                            and _python_int(facts, node.target):
                        found.setdefault(node.target.value, (
                            loop, f"`{node.target.value}` is incremented in the loop"))
        return found

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
        Valid("""
            import tensorflow as tf
            @tf.function(reduce_retracing=True)
            def f(x, epoch):
                return x
            for epoch in range(10):
                f(data, epoch)
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


def _python_int(facts, name: cst.Name) -> bool:
    """Every plain assignment of the name in its scope gives it a literal int."""
    use = facts.index.uses.get(name)
    if use is None:
        return False
    bindings = use.scope.bindings.get(name.value, [])
    values = [b.node for b in bindings if b.kind == "assign"]
    if not values or any(b.kind not in ("assign", OPAQUE) for b in bindings):
        return False
    return all(isinstance(facts.values.literal(v), int) for v in values)


def _converted(facts, value: cst.BaseExpression) -> bool:
    if isinstance(value, cst.Call):
        name = facts.call_name(value) or ""
        return name.startswith(_TENSOR_MAKERS)
    return False


def _python_number_call(node: cst.Call) -> bool:
    return isinstance(node.func, cst.Name) and node.func.value in ("int", "float")

