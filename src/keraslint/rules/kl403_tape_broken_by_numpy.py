import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.layers import line_of, snippet
from keraslint.analysis.training.statements import own_nodes
from keraslint.analysis.walk import children
from keraslint.rules.base import Invalid, Rule, Valid

_BUILTIN_CONVERSIONS = ("float", "int")
PYTHON_NUMBER = "a Python number"


class TapeBrokenByNumpy(Rule):
    """
    ## What it does
    Checks for a tensor of the forward pass converted to NumPy or Python on its way to the
    loss inside a `tf.GradientTape` block: `.numpy()`, `float(...)`/`int(...)` or an `np.*`
    function applied to a model's output (or to a value computed from it) whose result the
    differentiated loss is computed from.

    When the whole loss goes through the conversion, every gradient is None; when only a term
    does (a penalty taken out with `float()` and added back), that term trains nothing. In a
    traced function `float()`/`int()` are converted to `tf.cast` by AutoGraph and keep their
    gradient (measured with TensorFlow 2.21): they are reported in eager code only.

    ## Why is this bad?
    The tape records TensorFlow operations only. A NumPy array or a Python number is a
    constant to it: a loss computed from one has no recorded path back to the model's
    variables. `tape.gradient` then returns `None` for all of them, or (TensorFlow 2.21, a
    loss that is itself a NumPy value) fails with `AttributeError: 'numpy.float32' object has
    no attribute '_id'`; a term converted and added back to a loss trains nothing. In a
    `tf.function`, `.numpy()` raises outright. Conversions that do not feed the loss
    (logging, metrics) are not reported.

    Real-code precision: no finding on the pinned real-code corpora (`scripts/realcode.py`: the
    Keras examples and guides, the TensorFlow docs notebooks, the tf-models-official/keras-
    hub/keras wheels; keras-io's generated notebook copies not counted twice) (n = 0).

    ## Example
    ```python
    with tf.GradientTape() as tape:
        predictions = model(x, training=True)
        loss = np.mean((y - predictions.numpy()) ** 2)
    grads = tape.gradient(loss, model.trainable_variables)  # all None
    ```

    ## Use instead
    ```python
    with tf.GradientTape() as tape:
        predictions = model(x, training=True)
        loss = tf.reduce_mean(tf.square(y - predictions))
    grads = tape.gradient(loss, model.trainable_variables)
    ```

    ## Options
    None.

    ## References
    - [TensorFlow: cases where gradient returns None (taking gradients through NumPy)](https://www.tensorflow.org/guide/autodiff#4_took_gradients_through_a_stateful_object)
    - [TensorFlow: introduction to gradients and automatic differentiation](https://www.tensorflow.org/guide/autodiff)
    """

    CODE = "KL403"
    NAME = "tape-broken-by-numpy"
    SUMMARY = "`.numpy()`, `float()` or `np.*` applied to tensors inside the tape before the loss."
    MESSAGE = ("`{conversion}` turns the forward pass (`{forward}`, line {forward_line}) into "
               "{kind} on the way to the loss `{target}` that `{gradient}` (line "
               "{gradient_line}) differentiates: the tape cannot follow it, so {effect}. Keep "
               "the computation in TensorFlow ops (`tf.reduce_mean`, `tf.square`, `keras.ops`)")

    def check(self, facts):
        training = facts.training
        reported: set[int] = set()
        for tape in training.tapes:
            for gradient in tape.gradients:
                if gradient.target is None:
                    continue
                target_chain = training.chain(gradient.target, tape.function)
                traced = training.trace(tape.function) is not None
                for expr in target_chain.expressions():
                    if not tape.contains(expr):
                        continue
                    for conversion, forward, kind in self._conversions(facts, tape, gradient,
                                                                        expr, traced):
                        if id(conversion) in reported:
                            continue
                        reported.add(id(conversion))
                        bypass = _bypasses(facts, tape, gradient, gradient.target, set(), 0)
                        yield self.report(
                            conversion, conversion=snippet(facts, conversion),
                            forward=snippet(facts, forward), forward_line=line_of(facts, forward),
                            kind=kind, target=snippet(facts, gradient.target, 40),
                            gradient=snippet(facts, gradient.call.func),
                            gradient_line=line_of(facts, gradient.call),
                            effect=_effect(traced, bypass))

    def _conversions(self, facts, tape, gradient, expr, traced: bool):
        """(conversion call, forward-pass call it converts, what it makes) in `expr`; an
        outer conversion of a value already converted inside it is not repeated. In traced
        code `float()`/`int()` become `tf.cast` (AutoGraph) and keep the gradient."""
        inner: set[int] = set()
        for node in own_nodes(expr):
            if not isinstance(node, cst.Call) or id(node) in inner:
                continue
            kind, operands = _converts(facts, node)
            if kind is None or (traced and kind == PYTHON_NUMBER):
                continue
            for operand in operands:
                forward = self._forward_in(facts, tape, gradient, operand)
                if forward is not None:
                    inner.update(id(n) for n in own_nodes(node) if n is not node)
                    yield node, forward, kind
                    break

    def _forward_in(self, facts, tape, gradient, operand):
        """The forward-pass call `operand` is computed from, under the tape."""
        training = facts.training
        chain = training.chain(operand, tape.function)
        for expr in chain.expressions():
            if not tape.contains(expr):
                continue
            inside = [n for n in own_nodes(expr) if isinstance(n, cst.Call)]
            found = training.forward_calls(gradient, inside)
            if found:
                return found[0]
        return None

    VALID = (
        Valid("""
            import tensorflow as tf
            with tf.GradientTape() as tape:
                predictions = model(x, training=True)
                loss = tf.reduce_mean(tf.square(y - predictions))
            grads = tape.gradient(loss, model.trainable_variables)
        """),
        # NumPy on the labels, or for logging: not on the way from the model to the loss.
        Valid("""
            import numpy as np
            import tensorflow as tf
            with tf.GradientTape() as tape:
                predictions = model(x, training=True)
                accuracy = np.mean(np.argmax(predictions.numpy(), axis=1) == y)
                weights = np.asarray(class_weights)[y.numpy()]
                loss = loss_fn(y, predictions, sample_weight=weights)
            grads = tape.gradient(loss, model.trainable_variables)
        """),
        # Converting the loss after the gradient is taken (for printing) is fine.
        Valid("""
            import tensorflow as tf
            with tf.GradientTape() as tape:
                loss = loss_fn(y, model(x, training=True))
            grads = tape.gradient(loss, model.trainable_variables)
            print(float(loss))
        """),
        # In a tf.function, AutoGraph turns float() into tf.cast: the gradient flows.
        Valid("""
            import tensorflow as tf
            @tf.function
            def step(x, y):
                with tf.GradientTape() as tape:
                    logits = model(x, training=True)
                    penalty = float(tf.reduce_sum(tf.abs(logits)))
                    loss = loss_fn(y, logits) + 0.01 * penalty
                return tape.gradient(loss, model.trainable_variables)
        """),
    )
    INVALID = (
        Invalid("""
            import numpy as np
            import tensorflow as tf
            def step(x, y):
                with tf.GradientTape() as tape:
                    predictions = model(x, training=True)
                    loss = np.mean((y - predictions.numpy()) ** 2)
                grads = tape.gradient(loss, model.trainable_variables)
                optimizer.apply_gradients(zip(grads, model.trainable_variables))
        """, lines=(6,)),
        Invalid("""
            import tensorflow as tf
            with tf.GradientTape() as tape:
                logits = model(x, training=True)
                penalty = float(tf.reduce_sum(tf.abs(logits)))
                loss = loss_fn(y, logits) + 0.01 * penalty
            grads = tape.gradient(loss, model.trainable_variables)
        """, lines=(4,)),
    )


def _effect(traced: bool, bypass: bool) -> str:
    if traced:
        return ("the traced step fails on it while tracing (`.numpy()` and NumPy functions need "
                "eager tensors)")
    if bypass:
        return "this term of the loss contributes no gradient: training treats it as a constant"
    return ("it has no path to the variables: every gradient is None, or `tape.gradient` fails "
            "on the NumPy value")


def _bypasses(facts, tape, gradient, expr, seen: set, depth: int) -> bool:
    """Does `expr` reach the forward pass without going through a conversion (another path
    the gradient can take)?"""
    if depth > 20 or expr is None:
        return False
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Call):
            if _converts(facts, node)[0] is not None:
                continue  # this subtree is cut off from the tape
            if facts.training.forward_calls(gradient, [node]):
                return True
        if isinstance(node, cst.Name) and id(node) not in seen:
            seen.add(id(node))
            binding = facts.values.binding_of(node)
            if binding is not None and binding.kind == "assign" and binding.node is not None \
                    and tape.contains(binding.node) \
                    and _bypasses(facts, tape, gradient, binding.node, seen, depth + 1):
                return True
        stack.extend(c for c in children(node) if not isinstance(c, (cst.Lambda,)))
    return False


def _converts(facts, call: cst.Call):
    """(what the call makes, its tensor operands), or (None, ()) for any other call."""
    method = calls.method_name(call)
    if method == "numpy" and not call.args:
        return "a NumPy array", [calls.receiver(call)]
    func = call.func
    if isinstance(func, cst.Name) and func.value in _BUILTIN_CONVERSIONS \
            and facts.values.binding_of(func) is None and len(call.args) == 1:
        return PYTHON_NUMBER, [call.args[0].value]
    name = facts.call_name(call) or ""
    if name.startswith("numpy."):
        return "a NumPy array", [a.value for a in call.args if a.keyword is None and not a.star]
    return None, ()
