from keraslint.analysis.api import PROBABILITY
from keraslint.analysis.layers import line_of, snippet
from keraslint.rules.base import Invalid, Rule, Valid


class UnstableManualLog(Rule):
    """
    ## What it does
    Checks for a hand-written logarithm of probabilities with nothing keeping them off zero:
    `tf.math.log(tf.nn.softmax(logits))`, `K.log(sigmoid(x))`, and hand-written
    cross-entropies such as `-tf.reduce_sum(y * tf.math.log(p))` or
    `-K.mean(y_true * K.log(y_pred))` whose `p` is neither clipped (`tf.clip_by_value`,
    `K.clip`, `tf.maximum`) nor shifted (`p + 1e-7`, `p + K.epsilon()`).

    A log of a value the code does not show to be a probability (a loaded array, a model
    call) is not reported, unless it sits in the cross-entropy shape above.

    ## Why is this bad?
    A softmax or sigmoid saturates to exactly 0 in float32 once logits differ by about 100
    (softmax) or fall below about -104 (sigmoid); `log(0)` is `-inf`, `0 * -inf` is `NaN`, and
    one `NaN` in a batch turns every weight into `NaN` at the next update. Keras's own
    cross-entropies clip to `[epsilon, 1 - epsilon]` for this reason, and with logits
    `tf.nn.log_softmax` / `from_logits=True` compute the log stably.

    ## Precision on real code
    On the real-code corpora (`scripts/realcode.py`) it reports nothing: their hand-written
    logs are clipped or shifted (Keras's own cross-entropies), so its precision there is
    unmeasured; it is measured on the shipped fixtures and the independent evaluation sets.

    ## Example
    ```python
    import tensorflow as tf

    def loss_fn(y, logits):
        return -tf.reduce_sum(y * tf.math.log(tf.nn.softmax(logits)), axis=-1)
    ```

    ## Use instead
    ```python
    import tensorflow as tf

    def loss_fn(y, logits):
        return -tf.reduce_sum(y * tf.nn.log_softmax(logits), axis=-1)
    ```
    or, on probabilities, `tf.math.log(tf.clip_by_value(p, 1e-7, 1.0))`.

    ## Options
    None.

    ## References
    - [tf.nn.log_softmax](https://www.tensorflow.org/api_docs/python/tf/nn/log_softmax)
    - [keras.losses.CategoricalCrossentropy (clips its input)](https://keras.io/api/losses/probabilistic_losses/#categoricalcrossentropy-class)
    """

    CODE = "KL208"
    NAME = "unstable-manual-log"
    SUMMARY = ("Hand-written log of probabilities without clipping or epsilon "
               "(`tf.math.log(softmax(...))`, `-reduce_sum(y * log(p))`).")
    MESSAGE = "`{log}` {what}: {effect}; {fix}"

    def check(self, facts):
        for found in facts.api.manual_logs:
            if found.kind == PROBABILITY:
                what = (f"takes the log of a {found.activation} (`{snippet(facts, found.source)}`)"
                        " with nothing keeping it off 0")
                fix = ("use `tf.nn.log_softmax(logits)` (or a loss with `from_logits=True`)"
                       if found.activation == "softmax" else
                       "use `tf.math.log_sigmoid(x)` (or a loss with `from_logits=True`)")
            else:
                what = (f"is a hand-written cross-entropy (in `{snippet(facts, found.source)}`, "
                        f"line {line_of(facts, found.source)}) whose probabilities are neither "
                        "clipped nor shifted off 0")
                fix = ("clip them (`tf.clip_by_value(p, 1e-7, 1.0)`) or use a Keras "
                       "cross-entropy loss, which does")
            yield self.report(found.call, log=snippet(facts, found.call), what=what,
                              effect="a probability that saturates to 0 gives `log(0) = -inf` "
                                     "and `0 * -inf = NaN`, and the weights turn NaN", fix=fix)

    VALID = (
        Valid("""
            import tensorflow as tf
            def loss_fn(y, logits):
                return -tf.reduce_sum(y * tf.nn.log_softmax(logits), axis=-1)
        """),
        Valid("""
            import tensorflow as tf
            def loss_fn(y, p):
                p = tf.clip_by_value(p, 1e-7, 1.0 - 1e-7)
                return -tf.reduce_mean(y * tf.math.log(p) + (1 - y) * tf.math.log(1 - p))
        """),
        Valid("""
            from keras import backend as K
            def loss(y_true, y_pred):
                return -K.sum(y_true * K.log(y_pred + K.epsilon()))
        """),
        # A log of something not shown to be a probability.
        Valid("""
            import tensorflow as tf
            def log_scale(x):
                return tf.math.log(x)
        """),
    )
    INVALID = (
        Invalid("""
            import tensorflow as tf
            def loss_fn(y, logits):
                probs = tf.nn.softmax(logits)
                return -tf.reduce_sum(y * tf.math.log(probs), axis=-1)
        """, lines=(4,)),
        Invalid("""
            import tensorflow.keras.backend as K
            def categorical_loss(y_true, y_pred):
                return -K.mean(K.sum(y_true * K.log(y_pred), axis=-1))
        """, lines=(3,)),
        Invalid("""
            import tensorflow as tf
            def bce(y, logits):
                p = tf.sigmoid(logits)
                return -tf.reduce_mean(y * tf.math.log(p) + (1 - y) * tf.math.log(1 - p))
        """, lines=(4, 4)),
    )
