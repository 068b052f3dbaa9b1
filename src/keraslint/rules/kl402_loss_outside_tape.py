import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.layers import line_of, snippet
from keraslint.analysis.scopes import ASSIGN
from keraslint.analysis.training.statements import own_nodes
from keraslint.rules.base import Invalid, Rule, Valid


class LossOutsideTape(Rule):
    """
    ## What it does
    Checks for a `tape.gradient(loss, model.trainable_variables)` whose forward pass or loss
    is computed outside the tape's `with` block: the model is called before the block and
    only its output is used inside, the loss is assigned after the block (or before it), or
    the target is computed in the `gradient(...)` call itself after the block has closed.

    ## Why is this bad?
    A `GradientTape` records only the operations run while its block is open. If the
    variables are read outside it, or the loss is computed from recorded tensors after it
    closed, the tape has no path from the loss to the variables and `tape.gradient` returns
    `None` for every one of them: `apply_gradients` then fails with "No gradients provided
    for any variable", or, with a `zip` that filters `None`s, the model never learns.

    Real-code precision: no finding on the pinned real-code corpora (`scripts/realcode.py`: the
    Keras examples and guides, the TensorFlow docs notebooks, the tf-models-official/keras-
    hub/keras wheels; keras-io's generated notebook copies not counted twice) (n = 0); two false
    findings met while building it are fixed as general patterns (a dict entry read outside the
    tape is no operation; a tape re-entered with `with tape:` records again).

    ## Example
    ```python
    logits = model(x, training=True)
    with tf.GradientTape() as tape:
        loss = loss_fn(y, logits)
    grads = tape.gradient(loss, model.trainable_variables)  # all None
    ```

    ## Use instead
    ```python
    with tf.GradientTape() as tape:
        logits = model(x, training=True)
        loss = loss_fn(y, logits)
    grads = tape.gradient(loss, model.trainable_variables)
    ```

    ## Options
    None.

    ## References
    - [TensorFlow: introduction to gradients and automatic differentiation](https://www.tensorflow.org/guide/autodiff)
    - [TensorFlow: cases where gradient returns None](https://www.tensorflow.org/guide/autodiff#cases_where_gradient_returns_none)
    """

    CODE = "KL402"
    NAME = "loss-outside-tape"
    SUMMARY = "Forward pass or loss computed outside the tape that computes the gradient."
    MESSAGE = ("{what} `{snippet}` is computed outside the GradientTape block (line {tape_line}) "
               "whose `{gradient}` (line {gradient_line}) differentiates {target}: the tape "
               "never recorded it, so every gradient is None. {fix}")

    def check(self, facts):
        training = facts.training
        for tape in training.tapes:
            for gradient in tape.gradients:
                report = self._forward_outside(facts, tape, gradient) \
                    or self._loss_outside(facts, tape, gradient)
                if report is not None:
                    yield report

    def _forward_outside(self, facts, tape, gradient):
        """`logits = model(x)` before the block, `logits` read inside it, and no call of the
        model under the tape."""
        training = facts.training
        under = [call for call, _ in training.calls_under(tape)]
        if training.forward_calls(gradient, under):
            return None
        body = tape.function.body if tape.function is not None else facts.module
        start = training.order(tape.construction)
        before = [n for n in own_nodes(body) if isinstance(n, cst.Call)
                  and training.order(n) < start and not tape.contains(n)]
        read_inside = {n.value for n in training.reads_under(tape) if isinstance(n, cst.Name)}
        for call in training.forward_calls(gradient, before):
            names = _assigned_names(facts, call)
            if names and names & read_inside:
                return self.report(
                    call, what="The forward pass", snippet=snippet(facts, call),
                    tape_line=line_of(facts, tape.statement),
                    gradient=_gradient_text(facts, gradient),
                    gradient_line=line_of(facts, gradient.call),
                    target=_target_text(facts, gradient),
                    fix="Call the model inside the `with tf.GradientTape()` block")
        return None

    def _loss_outside(self, facts, tape, gradient):
        target = gradient.target
        if target is None or tape.contains(gradient.call):
            return None
        if isinstance(target, cst.Name):
            binding = facts.values.binding_of(target)
            if binding is None or binding.kind != ASSIGN or binding.node is None \
                    or tape.contains(binding.node):
                return None
            scope = facts.index.scope_of_node.get(tape.function or facts.module)
            if binding.scope is not scope or not _computes(facts, binding.node):
                return None
            node = binding.node
        elif _computes(facts, target):
            node = target
        else:
            return None
        return self.report(
            node, what="The loss", snippet=snippet(facts, node),
            tape_line=line_of(facts, tape.statement), gradient=_gradient_text(facts, gradient),
            gradient_line=line_of(facts, gradient.call), target=_target_text(facts, gradient),
            fix="Compute the loss inside the `with tf.GradientTape()` block")

    VALID = (
        Valid("""
            import tensorflow as tf
            def step(x, y):
                with tf.GradientTape() as tape:
                    logits = model(x, training=True)
                    loss = loss_fn(y, logits)
                grads = tape.gradient(loss, model.trainable_variables)
                optimizer.apply_gradients(zip(grads, model.trainable_variables))
        """),
        # A second, separate forward pass outside (for metrics) is not the tape's.
        Valid("""
            import tensorflow as tf
            def step(x, y):
                preview = model(x)
                with tf.GradientTape() as tape:
                    loss = loss_fn(y, model(x, training=True))
                grads = tape.gradient(loss, model.trainable_variables)
                return preview
        """),
        # The gradient is taken inside the block: the sum is recorded.
        Valid("""
            import tensorflow as tf
            with tf.GradientTape() as tape:
                loss = loss_fn(y, model(x))
                total = loss + 0.1 * reg
                grads = tape.gradient(total, model.trainable_variables)
        """),
        # Loss assigned in both branches inside: certain, and inside.
        Valid("""
            import tensorflow as tf
            def step(x, y, flag):
                with tf.GradientTape() as tape:
                    if flag:
                        loss = a(model(x))
                    else:
                        loss = b(model(x))
                return tape.gradient(loss, model.trainable_variables)
        """),
        # The target is a parameter: where it was computed is not known here.
        Valid("""
            import tensorflow as tf
            def apply(tape, loss):
                return tape.gradient(loss, model.trainable_variables)
        """),
        # A dict of losses computed under the tape: reading an entry is no operation.
        Valid("""
            import tensorflow as tf
            def train_step(data):
                with tf.GradientTape() as tape:
                    losses = compute_losses(data, model(data, training=True))
                grads = tape.gradient(losses["total"], model.trainable_weights)
                optimizer.apply_gradients(zip(grads, model.trainable_weights))
        """),
        # The tape re-entered to scale the loss: recorded.
        Valid("""
            import tensorflow as tf
            def step(x, y):
                with tf.GradientTape() as tape:
                    loss = loss_fn(y, model(x, training=True))
                with tape:
                    scaled = optimizer.get_scaled_loss(loss)
                grads = tape.gradient(scaled, model.trainable_variables)
        """),
    )
    INVALID = (
        Invalid("""
            import tensorflow as tf
            def step(x, y):
                logits = model(x, training=True)
                with tf.GradientTape() as tape:
                    loss = loss_fn(y, logits)
                grads = tape.gradient(loss, model.trainable_variables)
                optimizer.apply_gradients(zip(grads, model.trainable_variables))
        """, lines=(3,)),
        # The loss is reduced after the block has closed.
        Invalid("""
            import tensorflow as tf
            def step(x, y):
                with tf.GradientTape() as tape:
                    per_example = loss_fn(y, model(x, training=True))
                loss = tf.reduce_mean(per_example)
                grads = tape.gradient(loss, model.trainable_variables)
        """, lines=(5,)),
        # Computed in the gradient call itself, outside the block.
        Invalid("""
            import tensorflow as tf
            with tf.GradientTape() as tape:
                predictions = model(images, training=True)
            grads = tape.gradient(loss_object(labels, predictions), model.trainable_variables)
        """, lines=(4,)),
    )


def _assigned_names(facts, call: cst.Call) -> set:
    """Names bound from the call's value (`logits = model(x)`, `a, b = model(x)`)."""
    scope = facts.index.call_scopes.get(call)
    if scope is None:
        return set()
    return {name for name, bindings in scope.bindings.items()
            if any(b.kind == ASSIGN and b.node is call for b in bindings)}


_ACCESSORS = frozenset({"get", "pop", "items", "values", "keys", "copy", "setdefault"})


def _computes(facts, expr: cst.BaseExpression) -> bool:
    """Does evaluating `expr` run a TensorFlow operation the tape would have to record?
    Arithmetic and calls do (a TF/Keras op, a loss, a helper computing one); reading a dict
    entry, an attribute or another name does not."""
    for node in own_nodes(expr):
        if isinstance(node, (cst.BinaryOperation, cst.UnaryOperation)):
            return True
        if isinstance(node, cst.Call) and calls.method_name(node) not in _ACCESSORS:
            name = facts.call_name(node) or ""
            if not name or name.startswith(("tensorflow.", "keras.")):
                return True
    return False


def _gradient_text(facts, gradient) -> str:
    return snippet(facts, gradient.call.func)


def _target_text(facts, gradient) -> str:
    target = gradient.target
    return f"`{snippet(facts, target, 40)}`" if target is not None else "its target"
