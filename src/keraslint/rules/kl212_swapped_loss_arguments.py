from keraslint.analysis.layers import line_of, snippet
from keraslint.analysis.losses import CROSSENTROPY, loss_call_operands
from keraslint.rules.base import Invalid, Rule, Valid

# Losses whose value changes when y_true and y_pred are swapped (MSE, MAE, Huber, log-cosh and
# cosine similarity are symmetric: swapping them changes nothing).
_ASYMMETRIC = CROSSENTROPY | {"kl_divergence", "poisson", "hinge", "squared_hinge",
                              "categorical_hinge", "mean_absolute_percentage_error",
                              "mean_squared_logarithmic_error"}


class SwappedLossArguments(Rule):
    """
    ## What it does
    Checks for a loss called with the model's output first: `loss_fn(model(x), y)`,
    `keras.losses.binary_crossentropy(predictions, labels)`, `tf.nn.sigmoid_cross_entropy_with_
    logits(logits, labels)` written positionally. The first argument is reported when it is
    computed from a model's forward pass (`model(x)`, `self(x)`, `self.generator(z)`, through
    variables and activations) and the second is not. Only losses that are not symmetric are
    checked (cross-entropies, KL divergence, Poisson, hinge, MAPE, MSLE): swapping the
    arguments of MSE, MAE or Huber changes nothing.

    Real-code precision: no finding on the pinned real-code corpora (`scripts/realcode.py`: the
    Keras examples and guides, the TensorFlow docs notebooks, the tf-models-official/keras-
    hub/keras wheels; keras-io's generated notebook copies not counted twice) (n = 0).

    ## Why is this bad?
    Keras losses take `(y_true, y_pred)` and TensorFlow's `*_cross_entropy_with_logits` take
    `(labels, logits)`. Swapped, a cross-entropy weighs the log of the labels (clipped 0s and
    1s) by the predictions: the loss still decreases, but towards the wrong optimum, so
    training runs, reports numbers, and the model learns the wrong thing.

    ## Example
    ```python
    with tf.GradientTape() as tape:
        predictions = model(x, training=True)
        loss = loss_fn(predictions, y)
    ```

    ## Use instead
    ```python
    with tf.GradientTape() as tape:
        predictions = model(x, training=True)
        loss = loss_fn(y, predictions)
    ```

    ## Options
    None.

    ## References
    - [Keras losses: `call(y_true, y_pred)`](https://keras.io/api/losses/)
    - [tf.nn.softmax_cross_entropy_with_logits](https://www.tensorflow.org/api_docs/python/tf/nn/softmax_cross_entropy_with_logits)
    """

    CODE = "KL212"
    NAME = "swapped-loss-arguments"
    SUMMARY = "A loss called as `loss(prediction, target)`: the model's output passed as `y_true`."
    MESSAGE = ("`{call}` passes the model's output `{prediction}` (from `{forward}`, line "
               "{forward_line}) as {first} and `{labels}` as {second}: {loss} takes ({order}), "
               "so it trains towards the wrong target. Swap the arguments")

    def check(self, facts):
        for call, loss in facts.models.loss_computations:
            if loss.kind not in _ASYMMETRIC:
                continue
            labels, predictions = loss_call_operands(facts, call, loss)
            if labels is None or predictions is None:
                continue
            forward = facts.training.forward_pass(labels, call)
            if forward is None or facts.training.forward_pass(predictions, call) is not None:
                continue
            op = loss.form == "op"
            yield self.report(
                call, call=snippet(facts, call), prediction=snippet(facts, labels, 40),
                forward=snippet(facts, forward, 40), forward_line=line_of(facts, forward),
                first="`labels`" if op else "`y_true`", labels=snippet(facts, predictions, 40),
                second="`logits`" if op else "`y_pred`", loss=f"`{loss.spelling}`",
                order="labels, logits" if op else "y_true, y_pred")

    VALID = (
        Valid("""
            import tensorflow as tf
            loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
            def step(x, y):
                with tf.GradientTape() as tape:
                    logits = model(x, training=True)
                    loss = loss_fn(y, logits)
                return tape.gradient(loss, model.trainable_variables)
        """),
        # MSE is symmetric: the order does not matter.
        Valid("""
            import tensorflow as tf
            mse = tf.keras.losses.MeanSquaredError()
            def step(x, y):
                with tf.GradientTape() as tape:
                    loss = mse(model(x, training=True), y)
                return tape.gradient(loss, model.trainable_variables)
        """),
        # Distillation: both arguments are predictions (the teacher's are the targets).
        Valid("""
            import keras
            kld = keras.losses.KLDivergence()
            def step(x):
                loss = kld(keras.ops.softmax(teacher(x)), keras.ops.softmax(student(x)))
                return loss
        """),
        # The first argument is a parameter: what it holds is not known.
        Valid("""
            import keras
            bce = keras.losses.BinaryCrossentropy()
            def loss_of(a, b):
                return bce(a, b)
        """),
    )
    INVALID = (
        Invalid("""
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
            loss_fn = tf.keras.losses.BinaryCrossentropy(from_logits=True)
            def step(x, y):
                with tf.GradientTape() as tape:
                    predictions = model(x, training=True)
                    loss = loss_fn(predictions, y)
                return tape.gradient(loss, model.trainable_variables)
        """, lines=(7,)),
        Invalid("""
            import keras
            class GAN(keras.Model):
                def __init__(self):
                    super().__init__()
                    self.generator = keras.Sequential([keras.layers.Dense(8)])
                    self.discriminator = keras.Sequential([keras.layers.Dense(1)])
                def train_step(self, real):
                    fake_output = self.discriminator(self.generator(noise))
                    g_loss = keras.losses.binary_crossentropy(fake_output,
                                                              keras.ops.ones_like(fake_output))
                    return {}
        """, lines=(9,)),
        Invalid("""
            import tensorflow as tf
            model = tf.keras.models.load_model("detector.keras")
            logits = model(images)
            loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits, labels))
        """, lines=(4,)),
    )
