from typing import Optional

import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.layers import line_of, snippet
from keraslint.rules.base import Invalid, Rule, Valid

_STATE = {
    "Adam": "moment estimates", "AdamW": "moment estimates", "Adamax": "moment estimates",
    "Nadam": "moment estimates", "Lamb": "moment estimates", "Lion": "momentum",
    "RMSprop": "running average of squared gradients", "Adagrad": "accumulated squares",
    "Adadelta": "accumulators", "Ftrl": "accumulators", "Adafactor": "factored moments",
    "SGD": "momentum", "AdamOptimizer": "moment estimates", "MomentumOptimizer": "momentum",
    "RMSPropOptimizer": "running average of squared gradients",
    "AdagradOptimizer": "accumulated squares",
}
_USES = frozenset({"apply_gradients", "minimize", "apply"})
_MODEL_LOADERS = ("keras.models.load_model", "keras.saving.load_model")
_MODEL_FACTORIES = ("keras.Sequential", "keras.Model", "keras.models.load_model",
                    "keras.saving.load_model", "keras.models.clone_model")


class OptimizerInLoop(Rule):
    """
    ## What it does
    Checks for an optimizer constructed inside the loop that trains with it — in the epoch or
    batch loop itself, or in the step function the loop calls — while the model it updates is
    built once, outside that loop. Also a model built inside a batch loop and trained there.

    A loop that builds a fresh model along with the optimizer (cross-validation folds, a
    hyperparameter search) is a new training run per iteration and is not reported; nor is
    plain `SGD` without momentum, which keeps no state.

    Real-code precision: no finding on the pinned real-code corpora (`scripts/realcode.py`: the
    Keras examples and guides, the TensorFlow docs notebooks, the tf-models-official/keras-
    hub/keras wheels; keras-io's generated notebook copies not counted twice) (n = 0); one false
    finding met in review is fixed as a general pattern (a model loaded back from its best
    checkpoint after each round of active learning is not a fresh model).

    ## Why is this bad?
    An optimizer carries state from step to step: Adam's moment estimates and step count,
    RMSprop's running averages, SGD's momentum, the step a learning-rate schedule reads.
    Re-created every iteration, it starts from zero each time: Adam's bias-corrected first
    steps take a full learning-rate-sized step in every weight's direction on every batch,
    momentum never builds, and a decaying schedule never decays. In a `tf.function` the new
    optimizer's variables fail outright. A model re-created per batch throws its training
    away each time.

    ## Example
    ```python
    for epoch in range(epochs):
        for x, y in train_ds:
            optimizer = keras.optimizers.Adam(1e-3)
            with tf.GradientTape() as tape:
                loss = loss_fn(y, model(x, training=True))
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables))
    ```

    ## Use instead
    ```python
    optimizer = keras.optimizers.Adam(1e-3)
    for epoch in range(epochs):
        for x, y in train_ds:
            ...
    ```

    ## Options
    None.

    ## References
    - [Keras optimizers](https://keras.io/api/optimizers/)
    - [Kingma & Ba, Adam: A Method for Stochastic Optimization (bias correction)](https://arxiv.org/abs/1412.6980)
    """

    CODE = "KL405"
    NAME = "optimizer-in-loop"
    SUMMARY = "Optimizer (or model) constructed inside the epoch or batch loop."
    MESSAGE = ("{what} is created anew {where}, {use}: {effect}. {fix}")

    def check(self, facts):
        training = facts.training
        for call in training.optimizer_constructions:
            leaf = (facts.call_name(call) or "").rsplit(".", 1)[-1]
            if training.stateless_optimizer(call):
                continue
            found = self._in_loop(facts, call) or self._in_step(facts, call)
            if found is None:
                continue
            where, use = found
            state = _STATE.get(leaf, "state")
            yield self.report(
                call, what=f"The optimizer `{snippet(facts, call, 50)}`", where=where, use=use,
                effect=f"its step count and {state} restart every time, so it never "
                       "accumulates them (and a learning-rate schedule never advances)",
                fix="Create the optimizer once, before the loop")
        yield from self._models_in_batch_loops(facts)

    # -- optimizers -----------------------------------------------------------------------------
    def _in_loop(self, facts, call: cst.Call) -> Optional[tuple[str, str]]:
        """Built in a loop of its own function that also uses it, without a new model."""
        iteration = facts.training.iteration
        for loop in reversed(iteration.loops_around(call)):
            use = _use_in(facts, call, loop)
            if use is None:
                continue
            if _builds_model(facts, loop):
                return None
            return (f"on every iteration of the loop on line {line_of(facts, loop)}",
                    f"which uses it (`{snippet(facts, use, 50)}`, line {line_of(facts, use)})")
        return None

    def _in_step(self, facts, call: cst.Call) -> Optional[tuple[str, str]]:
        """Built inside a training-step function that runs in a loop."""
        training = facts.training
        function = facts.index.enclosing_function.get(call)
        if function is None or training.iteration.loops_around(call):
            return None
        step = next((s for s in training.steps if s.function is function), None)
        if step is None or _builds_model_in(facts, function):
            return None
        if _use_in(facts, call, None, function) is None:
            return None
        for site, loop in training.iteration.loop_sites(function, batch_only=False):
            return (f"on every call of `{function.name.value}` (called on line "
                    f"{line_of(facts, site)} in the loop on line {line_of(facts, loop)})",
                    "which applies its gradients")
        return None

    # -- models ----------------------------------------------------------------------------------
    def _models_in_batch_loops(self, facts):
        iteration = facts.training.iteration
        for node in facts.index.calls:
            if not any(block.is_loop for block in facts.index.call_blocks.get(node, ())):
                continue
            loop = iteration.batch_loop_around(node)
            if loop is None or not _is_model_construction(facts, node) \
                    or (facts.call_name(node) or "") in _MODEL_LOADERS:
                continue  # a model loaded back (the best checkpoint) is not a fresh one
            binding = facts.models.resolver.binding_by_value.get(node)
            if binding is None or not _trained_in(facts, binding.name, loop):
                continue
            yield self.report(
                node, what=f"The model `{snippet(facts, node, 50)}`",
                where=f"for every batch of the loop on line {line_of(facts, loop)}",
                use="which trains it", effect="each batch trains a fresh, untrained model and "
                "throws the previous one away", fix="Build the model once, before the loop")

    VALID = (
        Valid("""
            import keras
            import tensorflow as tf
            optimizer = keras.optimizers.Adam(1e-3)
            for epoch in range(10):
                for x, y in train_ds:
                    with tf.GradientTape() as tape:
                        loss = loss_fn(y, model(x, training=True))
                    grads = tape.gradient(loss, model.trainable_variables)
                    optimizer.apply_gradients(zip(grads, model.trainable_variables))
        """),
        # Cross-validation: a new model and a new optimizer per fold.
        Valid("""
            import keras
            for fold, (train_idx, val_idx) in enumerate(kfold.split(x)):
                model = keras.Sequential([keras.layers.Dense(8), keras.layers.Dense(1)])
                model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse")
                model.fit(x[train_idx], y[train_idx], epochs=10)
        """),
        # Plain SGD keeps no state between steps.
        Valid("""
            import keras
            for x, y in train_ds:
                opt = keras.optimizers.SGD(learning_rate=0.01)
                with tf.GradientTape() as tape:
                    loss = loss_fn(y, model(x))
                opt.apply_gradients(zip(tape.gradient(loss, model.trainable_variables),
                                        model.trainable_variables))
        """),
        # The best checkpoint loaded back after each round of active learning.
        Valid("""
            import keras
            model = keras.models.load_model("start.keras")
            for iteration in range(num_iterations):
                model.compile(loss="binary_crossentropy", optimizer="rmsprop")
                model.fit(train_dataset, epochs=20)
                model = keras.models.load_model("best.keras")
        """),
        # A grid search: one whole training (fit) per configuration, in nested loops.
        Valid("""
            import keras
            for units in [32, 64]:
                for dropout in [0.1, 0.5]:
                    model = build_model(units, dropout)
                    model.compile(optimizer="adam", loss="binary_crossentropy")
                    model.fit(x_train, y_train, epochs=10)
        """),
        # A list of optimizers built in a loop, used later.
        Valid("""
            import keras
            optimizers = []
            for lr in (1e-2, 1e-3):
                optimizers.append(keras.optimizers.Adam(lr))
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            import tensorflow as tf
            for epoch in range(10):
                for x, y in train_ds:
                    optimizer = keras.optimizers.Adam(1e-3)
                    with tf.GradientTape() as tape:
                        loss = loss_fn(y, model(x, training=True))
                    grads = tape.gradient(loss, model.trainable_variables)
                    optimizer.apply_gradients(zip(grads, model.trainable_variables))
        """, lines=(5,)),
        # Recompiled with a new optimizer every epoch.
        Invalid("""
            import keras
            model = keras.Sequential([keras.layers.Dense(8), keras.layers.Dense(1)])
            for epoch in range(20):
                model.compile(optimizer=keras.optimizers.RMSprop(1e-3), loss="mse")
                model.fit(x, y, epochs=1)
        """, lines=(4,)),
        # Inside the step function called per batch.
        Invalid("""
            import tensorflow as tf
            def train_step(x, y):
                opt = tf.keras.optimizers.Adam(learning_rate=1e-3)
                with tf.GradientTape() as tape:
                    loss = loss_fn(y, model(x, training=True))
                grads = tape.gradient(loss, model.trainable_variables)
                opt.apply_gradients(zip(grads, model.trainable_variables))
            for epoch in range(5):
                for x, y in dataset:
                    train_step(x, y)
        """, lines=(3,)),
        # A model built for every batch.
        Invalid("""
            import keras
            import tensorflow as tf
            ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)
            for xb, yb in ds:
                model = keras.Sequential([keras.layers.Dense(8), keras.layers.Dense(1)])
                model.compile(optimizer="adam", loss="mse")
                model.train_on_batch(xb, yb)
        """, lines=(5,)),
    )


def _use_in(facts, call: cst.Call, loop, function=None) -> Optional[cst.Call]:
    """A call that trains with the optimizer `call` builds, inside `loop` (or `function`):
    `opt.apply_gradients(...)`, `model.compile(optimizer=opt)`, or the construction passed
    straight to one of those."""
    binding = facts.models.resolver.binding_by_value.get(call)
    name = binding.name if binding is not None else None
    for user in facts.index.calls:
        if loop is not None and not _in_loop(facts, user, loop):
            continue
        if function is not None and facts.index.enclosing_function.get(user) is not function:
            continue
        method = calls.method_name(user)
        receiver = calls.receiver(user)
        if method in _USES and (receiver is call or (
                name is not None and isinstance(receiver, cst.Name) and receiver.value == name)):
            return user
        if method == "compile":
            given = calls.argument_value(user, "optimizer", 0)
            if given is call or (name is not None and isinstance(given, cst.Name)
                                 and given.value == name):
                return user
    return None


def _builds_model(facts, loop) -> bool:
    """Does the loop build a model on each iteration (a new training run)?"""
    for call in facts.index.calls:
        if not _in_loop(facts, call, loop):
            continue
        if _is_model_construction(facts, call):
            return True
    return False


def _builds_model_in(facts, function) -> bool:
    return any(facts.index.enclosing_function.get(c) is function
               and _is_model_construction(facts, c) for c in facts.index.calls)


def _in_loop(facts, call: cst.Call, loop) -> bool:
    return any(block.node is loop for block in facts.index.call_blocks.get(call, ()))


def _is_model_construction(facts, call: cst.Call) -> bool:
    name = facts.call_name(call) or ""
    if name in _MODEL_FACTORIES or name.startswith("keras.applications."):
        return True
    if facts.models.is_keras_model(call):
        return True
    local = facts.definition(call.func)
    return isinstance(local, cst.FunctionDef) and "model" in local.name.value.lower()


def _trained_in(facts, name: str, loop) -> bool:
    """`name.train_on_batch(...)` or `name.trainable_variables` in the loop, or `name.fit(...)`
    in a loop that iterates a dataset's batches. A `fit` in a loop over anything else (grid
    values, folds, stores: an inner loop counts as a batch loop only by nesting) is one whole
    training per iteration, and a fresh model for each is the point of such a loop."""
    fit_per_batch = isinstance(loop, cst.For) and facts.training.iteration.iterates_batches(
        loop.iter)
    for call in facts.index.calls:
        if not _in_loop(facts, call, loop):
            continue
        receiver = calls.receiver(call)
        method = calls.method_name(call)
        if isinstance(receiver, cst.Name) and receiver.value == name and (
                method == "train_on_batch" or (method == "fit" and fit_per_batch)):
            return True
        for arg in call.args:
            value = arg.value
            if isinstance(value, cst.Attribute) and value.attr.value in (
                    "trainable_variables", "trainable_weights") \
                    and isinstance(value.value, cst.Name) and value.value.value == name:
                return True
    return False
