import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.layers import line_of
from keraslint.analysis.scopes import ASSIGN
from keraslint.analysis.training.statements import own_nodes
from keraslint.rules.base import Invalid, Rule, Valid

_REPORTERS = frozenset({"print", "tensorflow.print", "tensorflow.summary.scalar",
                        "logging.info", "logging.debug", "logging.warning", "wandb.log",
                        "mlflow.log_metric"})
_REPORT_METHODS = frozenset({"info", "debug", "log", "add_scalar", "set_postfix", "write",
                             "set_description", "append", "log_metric", "scalar"})


class LastBatchLossReport(Rule):
    """
    ## What it does
    Checks for a loss reported after a batch loop (printed, logged, written to a summary or
    appended to a history) from a variable that the batch loop assigns on every batch: the
    value reported is the last batch's loss, not the epoch's. A variable accumulated in the
    loop (`total += loss`, a `keras.metrics.Mean`) is not reported.

    A batch loop iterates a dataset, counts batches (`range(steps_per_epoch)`) or is the
    inner loop of an epoch loop; a value assigned once per epoch (the epoch's mean) is not
    reported.

    Off by default: the last batch's loss is sometimes what the author wants to show.

    Real-code precision: 3 of 3 findings true on the pinned real-code corpora
    (`scripts/realcode.py`: the Keras examples and guides, the TensorFlow docs notebooks, the
    tf-models-official/keras-hub/keras wheels; keras-io's generated notebook copies not counted
    twice), reviewed with the rule selected (SAM's and the JAX distributed-training guide's
    'epoch loss' printed from the last batch); an epoch mean reported after the epoch loop, met
    while building it, is not reported.

    ## Why is this bad?
    The last batch of an epoch is one sample of the loss — often a smaller, partial batch —
    and its value jumps from epoch to epoch. Curves and early-stopping decisions made from it
    are noisy and can mislead; the epoch's mean over all batches is what `fit()` reports.

    ## Example
    ```python
    for epoch in range(epochs):
        for x, y in train_ds:
            loss = train_step(x, y)
        print(f"epoch {epoch}: loss {float(loss):.4f}")
    ```

    ## Use instead
    ```python
    mean_loss = keras.metrics.Mean()
    for epoch in range(epochs):
        mean_loss.reset_state()
        for x, y in train_ds:
            mean_loss.update_state(train_step(x, y))
        print(f"epoch {epoch}: loss {float(mean_loss.result()):.4f}")
    ```

    ## Options
    None.

    ## References
    - [Keras: writing a training loop from scratch (metrics)](https://keras.io/guides/writing_a_custom_training_loop_in_tensorflow/#lowlevel-handling-of-metrics)
    """

    CODE = "KL407"
    NAME = "last-batch-loss-report"
    SUMMARY = "Epoch loss reported from the last batch only."
    MESSAGE = ("`{name}` reported here is the loss of the last batch only: the loop on line "
               "{loop_line} assigns it on every batch (line {assigned_line}) and nothing "
               "averages it. Accumulate it over the batches (e.g. `keras.metrics.Mean`) and "
               "report the mean")
    DEFAULT_ENABLED = False

    def check(self, facts):
        for call in facts.index.calls:
            if not self._reports(facts, call):
                continue
            use_blocks = facts.index.call_blocks.get(call, ())
            for node in own_nodes(call):
                if not isinstance(node, cst.Name) or "loss" not in node.value.lower():
                    continue
                found = self._last_batch_binding(facts, node, use_blocks)
                if found is None:
                    continue
                binding, loop = found
                yield self.report(call, name=node.value, loop_line=line_of(facts, loop),
                                  assigned_line=line_of(facts, binding.node))
                break

    def _reports(self, facts, call: cst.Call) -> bool:
        name = facts.call_name(call)
        if name in _REPORTERS or (isinstance(call.func, cst.Name) and call.func.value == "print"
                                  and name is None):
            return True
        return calls.method_name(call) in _REPORT_METHODS and name is None

    def _last_batch_binding(self, facts, name: cst.Name, use_blocks):
        use = facts.index.uses.get(name)
        if use is None:
            return None
        bindings = [b for b in use.scope.bindings.get(name.value, []) if b.order < use.order]
        if not bindings:
            return None
        last = bindings[-1]
        if last.kind != ASSIGN or last.node is None:
            return None
        use_ids = {b.id for b in use.blocks}
        inner = [b for b in last.blocks if b.is_loop and b.id not in use_ids]
        if not inner:
            return None
        loop = inner[0].node
        around = [b.node for b in last.blocks if b.is_loop]
        iteration = facts.training.iteration
        if loop is None or not iteration.is_batch_loop(loop, around, many=False):
            return None
        if any(b.kind != ASSIGN and any(blk.node is loop for blk in b.blocks)
               for b in use.scope.bindings.get(name.value, [])):
            return None  # accumulated in the loop (`loss += ...`)
        return last, loop

    VALID = (
        Valid("""
            import keras
            mean_loss = keras.metrics.Mean()
            for epoch in range(10):
                for x, y in train_ds.batch(32):
                    mean_loss.update_state(train_step(x, y))
                print(epoch, float(mean_loss.result()))
        """),
        # Accumulated, then averaged.
        Valid("""
            import tensorflow as tf
            for epoch in range(10):
                total_loss = 0.0
                for step, (x, y) in enumerate(train_ds):
                    loss = train_step(x, y)
                    total_loss += loss
                print(epoch, total_loss / (step + 1))
        """),
        # The epoch's mean, reported after the epoch loop.
        Valid("""
            import tensorflow as tf
            for epoch in range(100):
                losses = []
                for x, y in train_ds:
                    losses.append(train_step(x, y))
                train_loss = tf.reduce_mean(losses)
            print(f"final loss {train_loss:.3f}")
        """),
        # Printed per batch, inside the loop.
        Valid("""
            import tensorflow as tf
            for epoch in range(10):
                for x, y in train_ds:
                    loss = train_step(x, y)
                    print(float(loss))
        """),
    )
    INVALID = (
        Invalid("""
            import tensorflow as tf
            train_ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(64)
            for epoch in range(10):
                for xb, yb in train_ds:
                    loss = train_step(xb, yb)
                print(f"epoch {epoch}: loss {float(loss):.4f}")
        """, lines=(6,)),
        Invalid("""
            import tensorflow as tf
            history = []
            for epoch in range(10):
                for step in range(steps_per_epoch):
                    batch_loss = train_step(next(it))
                history.append(batch_loss)
        """, lines=(6,)),
    )



