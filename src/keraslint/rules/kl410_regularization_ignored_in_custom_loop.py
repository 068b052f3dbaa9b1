import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.layers import line_of, snippet
from keraslint.analysis.scopes import ASSIGN
from keraslint.analysis.training.statements import own_nodes
from keraslint.rules.base import Invalid, Rule, Valid

# Keras calls that compute a loss including `model.losses` (Keras 3 `compute_loss`, and the
# deprecated `compiled_loss`/`loss` it forwards to).
_LOSS_METHODS = frozenset({"compute_loss", "compiled_loss", "add_n_losses"})


class RegularizationIgnoredInCustomLoop(Rule):
    """
    ## What it does
    Checks for a custom training step (`tf.GradientTape` and `tape.gradient(loss,
    model.trainable_variables)`) on a model with regularization losses — a
    `kernel_regularizer=`/`bias_regularizer=`/`activity_regularizer=` argument, an
    `ActivityRegularization` layer, or a layer or model calling `self.add_loss(...)` — whose
    step never reads `model.losses` (`sum(model.losses)`, `tf.add_n(model.losses)`) nor calls
    `compute_loss`, which adds them.

    ## Why is this bad?
    `fit()` adds `model.losses` to the loss for you; a custom loop does not. The regularizers
    are computed on every forward pass and then thrown away: the L2 penalty never shrinks a
    weight, an activity regularizer never constrains the activations, an `add_loss` term (a
    VAE's KL divergence) never trains. Nothing warns.

    Real-code precision: 2 of 2 findings true on the pinned real-code corpora
    (`scripts/realcode.py`: the Keras examples and guides, the TensorFlow docs notebooks, the
    tf-models-official/keras-hub/keras wheels; keras-io's generated notebook copies not counted
    twice) (SimSiam's and AdaMatch's L2-regularized models in custom `train_step`s).

    ## Example
    ```python
    model = keras.Sequential([
        keras.layers.Dense(64, activation="relu", kernel_regularizer=keras.regularizers.l2(1e-4)),
        keras.layers.Dense(10),
    ])

    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    ```

    ## Use instead
    ```python
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
        loss += tf.add_n(model.losses)
    grads = tape.gradient(loss, model.trainable_variables)
    ```

    ## Options
    None.

    ## References
    - [Keras: writing a training loop from scratch (losses added by layers)](https://keras.io/guides/writing_a_custom_training_loop_in_tensorflow/#lowlevel-handling-of-losses-tracked-by-the-model)
    - [Keras: the `add_loss()` API](https://keras.io/api/losses/#the-addloss-api)
    """

    CODE = "KL410"
    NAME = "regularization-ignored-in-custom-loop"
    SUMMARY = ("A custom training loop on a model with regularizers or `add_loss` whose loss "
               "never adds `model.losses`.")
    MESSAGE = ("The loss `{loss}` that `{gradient}` (line {gradient_line}) differentiates never "
               "adds `{owner}.losses`, but `{owner}` has {what} (`{layer}`, line {layer_line}): "
               "a custom loop must add them itself, so the regularization is silently dropped. "
               "Add `sum({owner}.losses)` to the loss")

    def check(self, facts):
        training = facts.training
        for step in training.steps:
            if self._adds_losses(facts, step):
                continue
            for gradient in step.tape.gradients:
                found = self._regularized(training, gradient)
                if found is None:
                    continue
                callee, component = found
                node = _loss_node(facts, step.tape, gradient)
                yield self.report(
                    node, loss=snippet(facts, gradient.target or gradient.call, 40),
                    gradient=snippet(facts, gradient.call.func),
                    gradient_line=line_of(facts, gradient.call), owner=callee.text,
                    what=_describe(component), layer=snippet(facts, component.node, 40),
                    layer_line=line_of(facts, component.node))
                break

    def _regularized(self, training, gradient):
        for callee in training.trained_models(gradient):
            components = training.loss_layers(callee)
            if components:
                return callee, components[0]
        return None

    def _adds_losses(self, facts, step) -> bool:
        """The step reads `.losses` or calls `compute_loss` (in its function, or in a local
        function called under the tape)."""
        training = facts.training
        body = step.function.body if step.function is not None else facts.module
        nodes = list(own_nodes(body)) + list(training.reads_under(step.tape))
        for node in nodes:
            if isinstance(node, cst.Attribute) and node.attr.value == "losses" \
                    and facts.qualified_name(node.value) is None:  # not `keras.losses`
                return True
            if isinstance(node, cst.Call) and calls.method_name(node) in _LOSS_METHODS:
                return True
        return False

    VALID = (
        Valid("""
            import keras
            import tensorflow as tf
            model = keras.Sequential([
                keras.layers.Dense(8, kernel_regularizer=keras.regularizers.l2(1e-4)),
                keras.layers.Dense(1)])
            def step(x, y):
                with tf.GradientTape() as tape:
                    loss = loss_fn(y, model(x, training=True))
                    loss += tf.add_n(model.losses)
                grads = tape.gradient(loss, model.trainable_variables)
                optimizer.apply_gradients(zip(grads, model.trainable_variables))
        """),
        # No regularizer: nothing to add.
        Valid("""
            import keras
            import tensorflow as tf
            model = keras.Sequential([keras.layers.Dense(8), keras.layers.Dense(1)])
            def step(x, y):
                with tf.GradientTape() as tape:
                    loss = loss_fn(y, model(x, training=True))
                grads = tape.gradient(loss, model.trainable_variables)
                optimizer.apply_gradients(zip(grads, model.trainable_variables))
        """),
        # Keras 3 `compute_loss` adds `self.losses`.
        Valid("""
            import keras
            import tensorflow as tf
            class Net(keras.Model):
                def __init__(self):
                    super().__init__()
                    self.dense = keras.layers.Dense(1, kernel_regularizer="l2")
                def call(self, x):
                    return self.dense(x)
                def train_step(self, data):
                    x, y = data
                    with tf.GradientTape() as tape:
                        loss = self.compute_loss(y=y, y_pred=self(x, training=True))
                    grads = tape.gradient(loss, self.trainable_variables)
                    self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
                    return {}
        """),
        # A model loaded from disk: its regularizers are unknown.
        Valid("""
            import keras
            import tensorflow as tf
            model = keras.models.load_model("m.keras")
            def step(x, y):
                with tf.GradientTape() as tape:
                    loss = loss_fn(y, model(x, training=True))
                grads = tape.gradient(loss, model.trainable_variables)
                optimizer.apply_gradients(zip(grads, model.trainable_variables))
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            import tensorflow as tf
            model = keras.Sequential([
                keras.layers.Dense(64, activation="relu",
                                   kernel_regularizer=keras.regularizers.l2(1e-4)),
                keras.layers.Dense(10)])
            @tf.function
            def step(x, y):
                with tf.GradientTape() as tape:
                    logits = model(x, training=True)
                    loss = loss_fn(y, logits)
                grads = tape.gradient(loss, model.trainable_variables)
                optimizer.apply_gradients(zip(grads, model.trainable_variables))
        """, lines=(11,)),
        # An activity regularizer added with add_loss inside a custom layer.
        Invalid("""
            import keras
            import tensorflow as tf
            class Sparse(keras.layers.Layer):
                def call(self, x):
                    self.add_loss(1e-3 * tf.reduce_sum(tf.abs(x)))
                    return x
            inputs = keras.Input((16,))
            code = Sparse()(keras.layers.Dense(4, activation="relu")(inputs))
            autoencoder = keras.Model(inputs, keras.layers.Dense(16)(code))
            for x in batches:
                with tf.GradientTape() as tape:
                    loss = tf.reduce_mean(tf.square(x - autoencoder(x)))
                grads = tape.gradient(loss, autoencoder.trainable_variables)
                opt.apply_gradients(zip(grads, autoencoder.trainable_variables))
        """, lines=(12,)),
    )


def _loss_node(facts, tape, gradient) -> cst.CSTNode:
    """Where the differentiated loss is computed: its assignment under the tape, else the
    `gradient` call."""
    target = gradient.target
    if isinstance(target, cst.Name):
        binding = facts.values.binding_of(target)
        if binding is not None and binding.kind == ASSIGN and binding.node is not None:
            return binding.node
    return gradient.call


def _describe(component) -> str:
    if component.what == "add_loss":
        return "a layer that calls `add_loss`"
    if component.what == "ActivityRegularization":
        return "an activity regularization layer"
    return f"a `{component.what}`"
