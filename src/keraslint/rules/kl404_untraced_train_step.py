from keraslint.analysis.layers import line_of, snippet
from keraslint.rules.base import Invalid, Rule, Valid


class UntracedTrainStep(Rule):
    """
    ## What it does
    Checks for a training step — a `tf.GradientTape` block whose gradients an optimizer
    applies — that runs once per batch without being traced: a step function called in a batch
    loop (directly or through a few local calls) that no `@tf.function`, `tf.function(step)`
    wrapper or traced caller compiles, or a tape written inline in the batch loop of an
    untraced function.

    A batch loop iterates a `tf.data` pipeline or a directory dataset (through `enumerate`,
    `tqdm`, `.take(n)`), counts batches (`range(steps_per_epoch)`), runs a literal hundred
    times or more, or is the inner loop of another. A step run a handful of times (once per
    episode of a reinforcement-learning loop) is not reported, nor are `train_step` overrides
    (Keras traces them), nor files that call `tf.config.run_functions_eagerly(True)` or run
    TF1 graphs.

    Real-code precision: 19 findings on the pinned real-code corpora (`scripts/realcode.py`: the
    Keras examples and guides, the TensorFlow docs notebooks, the tf-models-official/keras-
    hub/keras wheels; keras-io's generated notebook copies not counted twice): 4 true (a DQN
    agent updated every few frames, Reptile's inner loops, a 5,000-step curve fit) and 15
    intended (guides and tutorials that show the eager loop on purpose, most before tracing it);
    none false.

    ## Why is this bad?
    Eagerly, every operation of the forward pass, the loss, the gradient and the update is
    dispatched from Python, one at a time, on every batch. Traced into a graph, the step runs
    as one call that TensorFlow can optimize (fused kernels, no Python overhead): for the
    small and medium models of most custom loops that is several times faster, with the same
    results.

    ## Example
    ```python
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))

    for epoch in range(10):
        for x, y in train_ds:
            train_step(x, y)
    ```

    ## Use instead
    ```python
    @tf.function
    def train_step(x, y):
        ...
    ```

    ## Options
    None.

    ## References
    - [TensorFlow: better performance with tf.function](https://www.tensorflow.org/guide/function)
    - [Keras: speeding up your training step with tf.function](https://keras.io/guides/writing_a_custom_training_loop_in_tensorflow/#speeding-up-your-training-step-with-tffunction)
    """

    CODE = "KL404"
    NAME = "untraced-train-step"
    SUMMARY = "A train step run in a Python loop and not wrapped in `tf.function`."
    MESSAGE = ("{what} runs eagerly on every iteration of the loop on line {loop_line}: each "
               "operation of the forward pass, loss, gradient and update is dispatched from "
               "Python one by one, typically several times slower than a traced step. {fix}")

    def check(self, facts):
        training = facts.training
        if training.eager_forced:
            return
        iteration = training.iteration
        reported: set[int] = set()
        for step in training.steps:
            function = step.function
            if training.trace(function) is not None:
                continue
            inline = iteration.batch_loop_around(step.tape.construction)
            if inline is not None:
                yield self.report(
                    step.tape.statement, what=f"The training step written in the loop (its "
                    f"GradientTape on line {line_of(facts, step.tape.statement)})",
                    loop_line=line_of(facts, inline),
                    fix="Move it into a function decorated with `@tf.function` and call that")
                continue
            if function is None or id(function) in reported:
                continue
            for site, loop in iteration.loop_sites(function):
                reported.add(id(function))
                yield self.report(
                    function.name, what=f"`{function.name.value}` computes and applies "
                    f"gradients and is called on line {line_of(facts, site)} (`"
                    f"{snippet(facts, site, 40)}`); it", loop_line=line_of(facts, loop),
                    fix=f"Decorate `{function.name.value}` with `@tf.function`")
                break

    VALID = (
        Valid("""
            import tensorflow as tf
            @tf.function
            def train_step(x, y):
                with tf.GradientTape() as tape:
                    loss = loss_fn(y, model(x, training=True))
                grads = tape.gradient(loss, model.trainable_variables)
                optimizer.apply_gradients(zip(grads, model.trainable_variables))
            ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)
            for epoch in range(10):
                for xb, yb in ds:
                    train_step(xb, yb)
        """),
        # Wrapped later.
        Valid("""
            import tensorflow as tf
            def train_step(x, y):
                with tf.GradientTape() as tape:
                    loss = loss_fn(y, model(x, training=True))
                grads = tape.gradient(loss, model.trainable_variables)
                optimizer.apply_gradients(zip(grads, model.trainable_variables))
            fast_step = tf.function(train_step)
            for xb, yb in tf.data.Dataset.from_tensor_slices((x, y)).batch(32):
                fast_step(xb, yb)
        """),
        # An episode loop of unknown length: run a handful of times.
        Valid("""
            import tensorflow as tf
            def update(states, returns):
                with tf.GradientTape() as tape:
                    loss = -tf.reduce_mean(returns * policy(states))
                grads = tape.gradient(loss, policy.trainable_variables)
                optimizer.apply_gradients(zip(grads, policy.trainable_variables))
            for episode in range(num_episodes):
                states, returns = run_episode(env)
                update(states, returns)
        """),
        # Eager execution forced on purpose (debugging).
        Valid("""
            import tensorflow as tf
            tf.config.run_functions_eagerly(True)
            def train_step(x, y):
                with tf.GradientTape() as tape:
                    loss = loss_fn(y, model(x, training=True))
                grads = tape.gradient(loss, model.trainable_variables)
                optimizer.apply_gradients(zip(grads, model.trainable_variables))
            for xb, yb in tf.data.Dataset.from_tensor_slices((x, y)).batch(32):
                train_step(xb, yb)
        """),
        # A Keras train_step override: Keras traces it.
        Valid("""
            import keras
            import tensorflow as tf
            class Net(keras.Model):
                def train_step(self, data):
                    x, y = data
                    with tf.GradientTape() as tape:
                        loss = self.compute_loss(y=y, y_pred=self(x, training=True))
                    grads = tape.gradient(loss, self.trainable_variables)
                    self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
                    return {}
        """),
    )
    INVALID = (
        Invalid("""
            import tensorflow as tf
            train_ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(1000).batch(64)
            def train_step(x, y):
                with tf.GradientTape() as tape:
                    loss = loss_fn(y, model(x, training=True))
                grads = tape.gradient(loss, model.trainable_variables)
                optimizer.apply_gradients(zip(grads, model.trainable_variables))
            for epoch in range(10):
                for xb, yb in train_ds:
                    train_step(xb, yb)
        """, lines=(3,)),
        # Inline in the batch loop of a training function.
        Invalid("""
            import tensorflow as tf
            def train(model, dataset, epochs):
                for epoch in range(epochs):
                    for step, (x, y) in enumerate(dataset):
                        with tf.GradientTape() as tape:
                            loss = loss_fn(y, model(x, training=True))
                        grads = tape.gradient(loss, model.trainable_weights)
                        optimizer.apply_gradients(zip(grads, model.trainable_weights))
        """, lines=(5,)),
    )
