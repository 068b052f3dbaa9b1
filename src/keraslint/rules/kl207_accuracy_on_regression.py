from keraslint.analysis import calls
from keraslint.analysis.layers import line_of, snippet
from keraslint.rules.base import Invalid, Rule, Valid

_PROBABILITY = frozenset({"sigmoid", "softmax", "hard_sigmoid"})


class AccuracyOnRegression(Rule):
    """
    ## What it does
    Checks for an accuracy metric (`"accuracy"`, `"acc"`, `Accuracy()`, `BinaryAccuracy()`...)
    on a model trained with a regression loss (mean squared or absolute error, Huber,
    log-cosh, MAPE, MSLE) whose output is not a probability (no sigmoid or softmax), on
    targets the code shows to be real values: a regression data set (Boston or California
    housing, `make_regression`, `load_diabetes`), a float sampler (`np.random.rand`), or
    arithmetic on such values.

    A sigmoid or softmax output trained with mean squared error, or 0/1 labels read from a
    file and fitted with a squared error, is a classifier trained with a regression loss:
    accuracy means something there, and the model is not reported.

    ## Why is this bad?
    Accuracy counts exact class matches. Keras picks `BinaryAccuracy` for a one-unit output
    (prediction rounded at 0.5, compared with the target) and `CategoricalAccuracy` for wider
    ones (arg-max against arg-max); on real-valued targets such as prices or temperatures
    neither says anything about the fit, and a target of 3.7 is never "equal" to anything. The
    number reported looks like a score, stays near 0 or jumps around, and misleads model
    selection and early stopping. Use mean absolute error or RMSE instead.

    ## Precision on real code
    On the real-code corpora (Keras examples and guides, TensorFlow docs, tf-models-
    official, keras-hub, keras; `scripts/realcode.py`) it reports 2 findings, both intended:
    Keras's own callback unit tests, which compile a metric named `acc` only to monitor it.

    ## Example
    ```python
    import keras

    model = keras.Sequential([keras.Input((13,)), keras.layers.Dense(64, activation="relu"),
                              keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])
    ```

    ## Use instead
    ```python
    model.compile(optimizer="adam", loss="mse",
                  metrics=["mae", keras.metrics.RootMeanSquaredError()])
    ```

    ## Options
    None.

    ## References
    - [Keras regression metrics](https://keras.io/api/metrics/regression_metrics/)
    - [Keras accuracy metrics](https://keras.io/api/metrics/accuracy_metrics/)
    """

    CODE = "KL207"
    NAME = "accuracy-on-regression"
    SUMMARY = "An `accuracy` metric with a regression loss (mse, mae, huber, ...)."
    MESSAGE = ("`{metric}` is an accuracy metric, but `{loss}` trains a regression: the output "
               "`{output}` (line {line}) is {activation}, so accuracy counts exact matches of "
               "real values and means nothing; use `\"mae\"` or "
               "`keras.metrics.RootMeanSquaredError()`")

    def check(self, facts):
        for use in facts.models.loss_uses:
            compiled = use.compile
            if compiled is None or not use.loss.is_regression or use.output_label is not None:
                continue
            output = use.output
            if output is None or output.activation is None or output.activation in _PROBABILITY:
                continue
            if not any(facts.api.continuous_targets(y) for y in use.labels):
                continue  # 0/1 labels fitted with a squared error make accuracy meaningful
            listed = facts.api.listed_metrics(compiled) or []
            metrics = [m for m in listed if facts.api.accuracy_metric(m) is not None]
            if not metrics:
                continue
            yield self.report(compiled.call, anchor=calls.anchor(compiled.call),
                              metric=snippet(facts, metrics[0]), loss=use.loss.spelling.strip('"'),
                              output=snippet(facts, output.layer.node),
                              line=line_of(facts, output.layer.node),
                              activation="linear" if output.activation == "linear"
                              else f"`{output.activation}`, not a probability")

    VALID = (
        Valid("""
            import keras
            (x, y), _ = keras.datasets.boston_housing.load_data()
            model = keras.Sequential([keras.Input((13,)), keras.layers.Dense(1)])
            model.compile(optimizer="adam", loss="mse", metrics=["mae"])
            model.fit(x, y)
        """),
        # Titanic survival (0/1 read from a CSV) fitted with a squared error: a classifier.
        Valid("""
            import pandas as pd
            import tensorflow as tf
            df = pd.read_csv("train.csv")
            y = df.pop("survived")
            model = tf.keras.Sequential([tf.keras.layers.Dense(128, activation="relu"),
                                         tf.keras.layers.Dense(1)])
            model.compile(loss="mse", optimizer="adam", metrics=["accuracy"])
            model.fit(df.values, y, epochs=10)
        """),
        # A sigmoid output trained with MSE: a classifier, accuracy is meaningful.
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((13,)), keras.layers.Dense(1, activation="sigmoid")])
            model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])
        """),
        # One-hot labels trained with MSE on a linear output.
        Valid("""
            import keras
            (x, y), _ = keras.datasets.mnist.load_data()
            y = keras.utils.to_categorical(y, 10)
            model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)])
            model.compile(optimizer="sgd", loss="mean_squared_error", metrics=["accuracy"])
            model.fit(x, y)
        """),
        # Classification loss.
        Valid("""
            import keras
            model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
            model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
        """),
        # Unknown model.
        Valid("""
            import keras
            model = keras.models.load_model("m.keras")
            model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            (x_train, y_train), _ = keras.datasets.boston_housing.load_data()
            model = keras.Sequential([keras.Input((13,)), keras.layers.Dense(64, activation="relu"),
                                      keras.layers.Dense(1)])
            model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])
            model.fit(x_train, y_train, epochs=100)
        """, lines=(5,)),
        Invalid("""
            import numpy as np
            import tensorflow as tf
            x = np.random.rand(1000, 8)
            y = x @ np.arange(8.0) + np.random.normal(0, 0.1, 1000)
            inputs = tf.keras.Input((8,))
            h = tf.keras.layers.Dense(32, activation="relu")(inputs)
            price = tf.keras.layers.Dense(1)(h)
            model = tf.keras.Model(inputs, price)
            model.compile(loss=tf.keras.losses.Huber(), optimizer="adam",
                          metrics=[tf.keras.metrics.Accuracy()])
            model.fit(x, y)
        """, lines=(9,)),
    )
