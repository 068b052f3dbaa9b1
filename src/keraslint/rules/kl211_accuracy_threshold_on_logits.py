from keraslint.analysis.api import AUTO, BINARY
from keraslint.analysis.layers import line_of, snippet
from keraslint.rules.base import Invalid, Rule, Valid

_PROBABILITY = frozenset({"sigmoid", "softmax", "hard_sigmoid"})


class AccuracyThresholdOnLogits(Rule):
    """
    ## What it does
    Checks for a binary cross-entropy told `from_logits=True` whose model is scored with an
    accuracy that thresholds at 0.5: `"accuracy"`/`"acc"` on a one-unit output (Keras picks
    `BinaryAccuracy` there), `"binary_accuracy"`, or `BinaryAccuracy()` left at its default
    threshold.

    Not reported: an output that applies sigmoid itself (then the loss is wrong, KL201's
    business, and the accuracy is right), `"accuracy"` on a wider output (Keras uses the
    arg-max, which logits do not change), and `BinaryAccuracy(threshold=0.0)`.

    ## Why is this bad?
    With `from_logits=True` the model outputs logits, and a logit of 0 is a probability of
    0.5. `BinaryAccuracy` compares the raw output with 0.5, so every sample with a logit in
    (0, 0.5) (probability 0.5 to 0.62) counts as class 0: the accuracy reported is wrong,
    while the loss trains correctly. Early stopping and checkpoints that watch it pick the
    wrong epoch.

    ## Precision on real code
    On the real-code corpora (`scripts/realcode.py`) it reports 13 findings, all true: the
    Keras cats-vs-dogs example and transfer-learning guide, and TensorFlow tutorials
    (pandas, feature columns, preprocessing layers, text classification with Hub) that score
    a one-unit logits output with accuracy at 0.5.

    ## Example
    ```python
    import keras

    model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    ```

    ## Use instead
    ```python
    model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True),
                  metrics=[keras.metrics.BinaryAccuracy(threshold=0.0)])
    ```

    ## Options
    None.

    ## References
    - [keras.metrics.BinaryAccuracy](https://keras.io/api/metrics/accuracy_metrics/#binaryaccuracy-class)
    - [TensorFlow tutorial: text classification (BinaryAccuracy(threshold=0.0) with logits)](https://www.tensorflow.org/tutorials/keras/text_classification)
    """

    CODE = "KL211"
    NAME = "accuracy-threshold-on-logits"
    SUMMARY = ("A binary loss with `from_logits=True` and `\"accuracy\"`/`BinaryAccuracy()` left "
               "at the 0.5 threshold: the metric thresholds logits at 0.5 instead of 0.")
    MESSAGE = ("`{metric}` thresholds the output at 0.5, but `{loss}` (line {loss_line}) is told "
               "`from_logits=True`, so the model outputs logits, whose decision boundary is 0: "
               "samples with logits in (0, 0.5) are counted as class 0 and the accuracy is "
               "misreported; use `keras.metrics.BinaryAccuracy(threshold=0.0)`")

    def check(self, facts):
        reported: set[int] = set()
        for use in facts.models.loss_uses:
            compiled = use.compile
            if compiled is None or use.output_label is not None:
                continue
            if not use.loss.is_binary or use.loss.from_logits is not True:
                continue
            output = use.output
            if output is not None and output.activation in _PROBABILITY:
                continue
            for item in facts.api.listed_metrics(compiled) or ():
                metric = facts.api.accuracy_metric(item)
                if metric is None or id(item) in reported:
                    continue
                if metric.kind == AUTO and (output is None or output.units != 1):
                    continue
                if metric.kind not in (AUTO, BINARY) or metric.threshold != 0.5:
                    continue
                reported.add(id(item))
                yield self.report(item, metric=snippet(facts, item),
                                  loss=use.loss.spelling, loss_line=line_of(facts, use.loss.node))

    VALID = (
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(1)])
            model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True),
                          metrics=[keras.metrics.BinaryAccuracy(threshold=0.0)])
        """),
        # Probabilities: the 0.5 threshold is right.
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(1, activation="sigmoid")])
            model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
        """),
        # Multi-label logits with "accuracy": Keras compares arg-maxes, which logits keep.
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(5)])
            model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True),
                          metrics=["accuracy"])
        """),
        # from_logits decided at run time.
        Valid("""
            import keras
            def build(logits):
                model = keras.Sequential([keras.layers.Dense(1)])
                model.compile(loss=keras.losses.BinaryCrossentropy(from_logits=logits),
                              metrics=["accuracy"])
                return model
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(1)])
            model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True),
                          metrics=["accuracy"])
        """, lines=(4,)),
        Invalid("""
            import tensorflow as tf
            loss = tf.keras.losses.BinaryCrossentropy(from_logits=True)
            model = tf.keras.Sequential([tf.keras.layers.Dense(16, activation="relu"),
                                         tf.keras.layers.Dense(4)])
            model.compile(optimizer="adam", loss=loss,
                          metrics=[tf.keras.metrics.BinaryAccuracy(), "binary_accuracy"])
        """, lines=(6, 6)),
    )
