from keraslint.analysis.layers import line_of, snippet
from keraslint.analysis.models.composition import AUGMENTATION
from keraslint.analysis.training import passes_training
from keraslint.rules.base import Invalid, Rule, Valid

_EFFECTS = {
    "dropout": "drops nothing",
    "batch normalization": "normalizes with its moving averages, which never update",
    "noise": "adds no noise",
    "augmentation": "leaves the inputs unaugmented",
    "custom": "reads `training` in its `call` and takes its inference branch",
}


class MissingTrainingFlag(Rule):
    """
    ## What it does
    Checks for a model called inside a `tf.GradientTape` block of a custom training loop
    without `training=True`, when the tape trains that model (its variables are the gradient's
    sources) and the model holds layers that act only in training: `Dropout` and its variants,
    `BatchNormalization`, `GaussianNoise`, augmentation layers (`RandomFlip`...), recurrent or
    attention dropout, or a custom layer whose `call` reads `training`. A `train_step`
    override of a `keras.Model` counts: Keras passes `training=True` only in its own
    `train_step`, not in yours.

    ## Why is this bad?
    Keras resolves `training` from the call, then from an enclosing layer call, then from the
    `call` signature's default, else `False`. Called from a training loop without it, the
    model runs in inference mode: dropout drops nothing, batch normalization normalizes with
    moving averages it never updates, noise and augmentation do nothing. Training silently
    loses its regularization, and a model with batch normalization learns against statistics
    that do not match the batches, so its inference accuracy can end far below its training
    accuracy.

    Models called under the tape but not trained by it (a frozen teacher, a target network,
    the discriminator during the generator's step) are not reported: inference mode is
    usually what is wanted there; an augmentation model (only `RandomFlip`-style layers) called
    in a training step is, since it then augments nothing. Models whose layers cannot be seen
    (loaded from disk, passed in from another module) are not reported either.

    Real-code precision: 12 of 12 findings true on the pinned real-code corpora
    (`scripts/realcode.py`: the Keras examples and guides, the TensorFlow docs notebooks, the
    tf-models-official/keras-hub/keras wheels; keras-io's generated notebook copies not counted
    twice): GAN, contrastive, meta-learning, masked-image and speech examples whose overridden
    `train_step` or eager loop leaves dropout, batch normalization or augmentation in inference
    mode. Models whose layers cannot be seen are not reported: on the same code those calls (32,
    counting notebook copies) are mostly models with no layer that acts only in training.

    ## Example
    ```python
    import tensorflow as tf

    model = tf.keras.Sequential([tf.keras.layers.Dense(64, activation="relu"),
                                 tf.keras.layers.Dropout(0.5), tf.keras.layers.Dense(10)])

    @tf.function
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
    ```

    ## Use instead
    ```python
    @tf.function
    def train_step(x, y):
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=True))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
    ```

    ## Options
    None.

    ## References
    - [Keras: writing a training loop from scratch](https://keras.io/guides/writing_a_custom_training_loop_in_tensorflow/)
    - [Keras: the `training` argument of `call()`](https://keras.io/guides/making_new_layers_and_models_via_subclassing/#privileged-training-argument-in-the-call-method)
    """

    CODE = "KL401"
    NAME = "missing-training-flag"
    SUMMARY = ("A model called inside a `GradientTape` without `training=True` while it has "
               "Dropout/BatchNormalization.")
    MESSAGE = ("`{call}` runs under the GradientTape (line {tape_line}){trains} without "
               "`training=True`, so Keras calls it in inference mode: its `{layer}` (line "
               "{layer_line}) {effect}{more}. Pass `training=True`")

    def check(self, facts):
        training = facts.training
        reported: set[int] = set()
        stepping = {id(step.tape) for step in training.steps}
        for tape in training.tapes:
            if not tape.gradients:
                continue
            for call, _via in training.calls_under(tape):
                if id(call) in reported or passes_training(call):
                    continue
                callee = training.callee(call)
                if callee is None:
                    continue
                layers = training.training_layers(callee)
                if not layers:
                    continue
                trained = any(training.trains(g, callee, call) for g in tape.gradients)
                augments = id(tape) in stepping and all(c.what == AUGMENTATION for c in layers)
                if not (trained or augments):
                    continue
                reported.add(id(call))
                first = layers[0]
                more = len(layers) - 1
                yield self.report(
                    call, call=snippet(facts, call), tape_line=line_of(facts, tape.statement),
                    trains=" that trains it," if trained else " of a training step,",
                    layer=(f"{first.kind}" if first.what == "custom"
                           else snippet(facts, first.node, 40)),
                    layer_line=line_of(facts, first.node),
                    effect=_EFFECTS.get(first.what, "behaves as in inference"),
                    more=f" (and {more} more layer{'s' if more > 1 else ''} that act only in "
                         "training)" if more else "")

    VALID = (
        # training=True given.
        Valid("""
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(8), tf.keras.layers.Dropout(0.5),
                                         tf.keras.layers.Dense(1)])
            def step(x, y):
                with tf.GradientTape() as tape:
                    loss = loss_fn(y, model(x, training=True))
                return tape.gradient(loss, model.trainable_variables)
        """),
        # training passed through a flag (its value is not ours to judge).
        Valid("""
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(8), tf.keras.layers.Dropout(0.5)])
            def step(x, y, is_training):
                with tf.GradientTape() as tape:
                    loss = loss_fn(y, model(x, training=is_training))
                return tape.gradient(loss, model.trainable_variables)
        """),
        # No layer that acts only in training: inference mode changes nothing.
        Valid("""
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(8, activation="relu"),
                                         tf.keras.layers.Dense(1)])
            def step(x, y):
                with tf.GradientTape() as tape:
                    loss = loss_fn(y, model(x))
                return tape.gradient(loss, model.trainable_variables)
        """),
        # A frozen teacher called under the student's tape: not trained by this tape.
        Valid("""
            import tensorflow as tf
            teacher = tf.keras.Sequential([tf.keras.layers.Dense(8), tf.keras.layers.Dropout(0.5),
                                           tf.keras.layers.Dense(3)])
            student = tf.keras.Sequential([tf.keras.layers.Dense(3)])
            def step(x):
                with tf.GradientTape() as tape:
                    loss = kld(teacher(x), student(x, training=True))
                return tape.gradient(loss, student.trainable_variables)
        """),
        # A model loaded from disk: its layers are unknown.
        Valid("""
            import tensorflow as tf
            model = tf.keras.models.load_model("model.keras")
            def step(x, y):
                with tf.GradientTape() as tape:
                    loss = loss_fn(y, model(x))
                return tape.gradient(loss, model.trainable_variables)
        """),
        # Outside any tape (evaluation): inference mode is right.
        Valid("""
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(8), tf.keras.layers.Dropout(0.5)])
            def evaluate(x):
                return model(x)
        """),
        # Dropout(0.0) does nothing in training either.
        Valid("""
            import keras
            import tensorflow as tf
            model = keras.Sequential([keras.layers.Dense(8), keras.layers.Dropout(0.0)])
            def step(x, y):
                with tf.GradientTape() as tape:
                    loss = loss_fn(y, model(x))
                return tape.gradient(loss, model.trainable_variables)
        """),
        # `call(self, x, training=True)`: called without the flag, it trains by default.
        Valid("""
            import keras
            import tensorflow as tf
            class Flow(keras.Model):
                def __init__(self):
                    super().__init__()
                    self.drop = keras.layers.Dropout(0.1)
                    self.dense = keras.layers.Dense(2)
                def call(self, x, training=True):
                    return self.dense(self.drop(x, training=training))
                def train_step(self, data):
                    with tf.GradientTape() as tape:
                        loss = tf.reduce_mean(self(data))
                    grads = tape.gradient(loss, self.trainable_variables)
                    self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
                    return {}
        """),
    )
    INVALID = (
        Invalid("""
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(8), tf.keras.layers.Dropout(0.5),
                                         tf.keras.layers.Dense(1)])
            @tf.function
            def step(x, y):
                with tf.GradientTape() as tape:
                    logits = model(x)
                    loss = loss_fn(y, logits)
                grads = tape.gradient(loss, model.trainable_variables)
                optimizer.apply_gradients(zip(grads, model.trainable_variables))
        """, lines=(7,)),
        # A train_step override: Keras does not pass training=True to your own calls.
        Invalid("""
            import keras
            import tensorflow as tf
            disc = keras.Sequential([keras.layers.Conv2D(8, 3), keras.layers.Flatten(),
                                     keras.layers.Dropout(0.2), keras.layers.Dense(1)])
            class GAN(keras.Model):
                def __init__(self, discriminator):
                    super().__init__()
                    self.discriminator = discriminator
                def train_step(self, images):
                    with tf.GradientTape() as tape:
                        predictions = self.discriminator(images)
                        d_loss = self.loss_fn(labels, predictions)
                    grads = tape.gradient(d_loss, self.discriminator.trainable_weights)
                    self.d_optimizer.apply_gradients(
                        zip(grads, self.discriminator.trainable_weights))
                    return {}
            gan = GAN(discriminator=disc)
        """, lines=(11,)),
        # `self(x)` in a subclassed model with BatchNormalization.
        Invalid("""
            import keras
            import tensorflow as tf
            class Net(keras.Model):
                def __init__(self):
                    super().__init__()
                    self.dense = keras.layers.Dense(16)
                    self.bn = keras.layers.BatchNormalization()
                    self.out = keras.layers.Dense(1)
                def call(self, x, training=None):
                    return self.out(self.bn(self.dense(x), training=training))
                def train_step(self, data):
                    x, y = data
                    with tf.GradientTape() as tape:
                        y_pred = self(x)
                        loss = self.compute_loss(y=y, y_pred=y_pred)
                    grads = tape.gradient(loss, self.trainable_variables)
                    self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
                    return {}
        """, lines=(14,)),
        # Through a local function called under the tape.
        Invalid("""
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(8),
                                         tf.keras.layers.BatchNormalization(),
                                         tf.keras.layers.Dense(1)])
            def compute_loss(x, y):
                return tf.reduce_mean(tf.square(y - model(x)))
            def step(x, y):
                with tf.GradientTape() as tape:
                    loss = compute_loss(x, y)
                return tape.gradient(loss, model.trainable_variables)
        """, lines=(6,)),
        # An augmentation model in a training step: it augments nothing without training=True.
        Invalid("""
            import keras
            import tensorflow as tf
            augment = keras.Sequential([keras.layers.RandomFlip("horizontal"),
                                        keras.layers.RandomRotation(0.1)])
            model = keras.Sequential([keras.layers.Conv2D(8, 3), keras.layers.Flatten(),
                                      keras.layers.Dense(10)])
            @tf.function
            def train_step(images, labels):
                with tf.GradientTape() as tape:
                    logits = model(augment(images), training=True)
                    loss = loss_fn(labels, logits)
                grads = tape.gradient(loss, model.trainable_variables)
                optimizer.apply_gradients(zip(grads, model.trainable_variables))
        """, lines=(10,)),
    )
