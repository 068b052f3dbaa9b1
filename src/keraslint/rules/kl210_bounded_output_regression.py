from keraslint.analysis.layers import line_of, snippet
from keraslint.analysis.losses import REGRESSION
from keraslint.rules.base import Invalid, Rule, Valid

# What each bounded activation can output.
_BOUNDS = {"sigmoid": (0.0, 1.0), "softmax": (0.0, 1.0), "hard_sigmoid": (0.0, 1.0),
           "tanh": (-1.0, 1.0), "softsign": (-1.0, 1.0)}
# How far beyond the output's range the targets must reach (a share of its width): values a
# hair outside [0, 1] are noise in a message, not a fault.
_MARGIN = 0.1


class BoundedOutputRegression(Rule):
    """
    ## What it does
    Checks for a model whose output applies a bounded activation (`sigmoid` or `softmax`:
    (0, 1); `tanh`: (-1, 1)) and that is trained with a regression loss (`mse`, `mae`,
    `huber`, `msle`, ...) on targets the code makes known to lie outside that range: built by
    the program (`y = 50 + 950 * np.random.rand(n)`, `np.random.uniform(100, 500, n)`,
    arithmetic on arrays with known ranges, `np.linspace`) or a bundled regression data set
    (`boston_housing` prices in thousands of dollars). Targets whose range the code does not
    fix (read from a file, a data frame) are not reported, and neither are targets scaled into
    the output's range (`MinMaxScaler`, a division by a constant).

    ## Why is this bad?
    The model can never output a target above 1 (or below 0, or outside [-1, 1] for tanh): on
    prices between 50 and 1000 a sigmoid output predicts at most 1.0 for every sample, the
    loss stays near the targets' mean square, and the gradient pushes the output into the
    sigmoid's flat tail where it vanishes. Training looks like it "does not learn".

    ## Example
    ```python
    import numpy as np
    import keras

    x = np.random.rand(1000, 8)
    y = 50 + 950 * np.random.rand(1000)  # prices
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(32, activation="relu"),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, y)
    ```

    ## Use instead
    ```python
    import numpy as np
    import keras

    x = np.random.rand(1000, 8)
    y = 50 + 950 * np.random.rand(1000)
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(32, activation="relu"),
                              keras.layers.Dense(1)])  # linear output for regression
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, y)
    ```

    ## Real code
    On the pinned real-code corpora (`scripts/realcode.py`: the Keras examples and guides,
    TensorFlow's tutorial and guide notebooks, the tf-models-official, keras-hub and keras
    wheels), 7 findings, all intended: softmax classifiers fitted with `mse` on
    `np.random.normal` placeholder targets in the distribution guide and Keras' own
    distribution tests; none false (precision 100 %).

    ## Options
    None.

    ## References
    - [Keras: regression losses](https://keras.io/api/losses/regression_losses/)
    - [Bishop, Pattern Recognition and Machine Learning, section 5.2 (output activations match the target's range)](https://www.microsoft.com/en-us/research/publication/pattern-recognition-machine-learning/)
    """

    CODE = "KL210"
    NAME = "bounded-output-regression"
    SUMMARY = ("A sigmoid/softmax/tanh output trained with a regression loss on targets known to "
               "lie outside that range.")
    MESSAGE = ("{where} applies `{activation}`, so the model only outputs values in {bounds}, "
               "but `{loss}` trains it on targets in {targets} (`{labels}`, line {line}): "
               "{effect}. Use a linear output (no activation) or scale the targets into {bounds}")

    def check(self, facts):
        reported: set[int] = set()
        for use in facts.models.loss_uses:
            output = use.output
            if output is None or use.loss.kind not in REGRESSION:
                continue
            bounds = _BOUNDS.get(output.activation or "")
            node = output.activation_node or output.node
            if bounds is None or id(node) in reported:
                continue
            for labels in use.labels:
                found = facts.shapes.value_range(labels)
                if found is None or not _outside(found, bounds):
                    continue
                reported.add(id(node))
                layer = output.layer.node
                yield self.report(
                    node, where=f"The output `{snippet(facts, layer)}` (line "
                                f"{line_of(facts, layer)})",
                    activation=output.activation, bounds=_interval(bounds),
                    loss=use.loss.spelling, targets=found.describe(),
                    labels=snippet(facts, labels, 40), line=line_of(facts, labels),
                    effect=_effect(found, bounds))
                break

    VALID = (
        Valid("""
            import numpy as np
            import keras
            x = np.random.rand(1000, 8)
            y = 50 + 950 * np.random.rand(1000)
            model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
            model.compile(optimizer="adam", loss="mse")
            model.fit(x, y)
        """),
        # Targets scaled into [0, 1].
        Valid("""
            import numpy as np
            import keras
            from sklearn.preprocessing import MinMaxScaler
            prices = 50 + 950 * np.random.rand(1000, 1)
            y = MinMaxScaler().fit_transform(prices)
            model = keras.Sequential([keras.Input((8,)),
                                      keras.layers.Dense(1, activation="sigmoid")])
            model.compile(optimizer="adam", loss="mse")
            model.fit(np.random.rand(1000, 8), y)
        """),
        # Targets read from a file: their range is unknown.
        Valid("""
            import pandas as pd
            import keras
            df = pd.read_csv("houses.csv")
            model = keras.Sequential([keras.Input((8,)),
                                      keras.layers.Dense(1, activation="sigmoid")])
            model.compile(loss="mse")
            model.fit(df.drop(columns="price").values, df["price"].values)
        """),
        # tanh output on targets in [-1, 1].
        Valid("""
            import numpy as np
            import keras
            y = np.sin(np.linspace(0, 10, 500))
            model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, activation="tanh")])
            model.compile(loss="mae")
            model.fit(np.linspace(0, 10, 500), y)
        """),
        # A classification loss: KL2xx's other rules' business.
        Valid("""
            import numpy as np
            import keras
            y = np.random.randint(0, 2, 100)
            model = keras.Sequential([keras.Input((4,)),
                                      keras.layers.Dense(1, activation="sigmoid")])
            model.compile(loss="binary_crossentropy")
            model.fit(np.random.rand(100, 4), y)
        """),
    )
    INVALID = (
        Invalid("""
            import numpy as np
            import keras
            x = np.random.rand(1000, 8)
            y = 50 + 950 * np.random.rand(1000)
            model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(32, activation="relu"),
                                      keras.layers.Dense(1, activation="sigmoid")])
            model.compile(optimizer="adam", loss="mse")
            model.fit(x, y, epochs=10)
        """, lines=(6,)),
        Invalid("""
            import tensorflow as tf
            (x_train, y_train), _ = tf.keras.datasets.boston_housing.load_data()
            model = tf.keras.Sequential([
                tf.keras.layers.Dense(64, activation="relu", input_shape=(13,)),
                tf.keras.layers.Dense(1,
                                      activation="tanh"),
            ])
            model.compile(optimizer="rmsprop", loss=tf.keras.losses.Huber())
            model.fit(x_train, y_train, epochs=20)
        """, lines=(6,)),
        # A separate Activation layer, targets with noise.
        Invalid("""
            import numpy as np
            from keras import layers, models
            x = np.random.uniform(0, 10, size=(500, 1))
            y = 3 * x + 2 + np.random.normal(0, 0.5, size=(500, 1))
            inputs = layers.Input((1,))
            h = layers.Dense(16, activation="relu")(inputs)
            out = layers.Activation("sigmoid")(layers.Dense(1)(h))
            model = models.Model(inputs, out)
            model.compile(loss="mean_absolute_error")
            model.fit(x, y)
        """, lines=(7,)),
    )


def _outside(found, bounds) -> bool:
    low, high = bounds
    margin = _MARGIN * (high - low)
    return found.low < low - margin or found.high > high + margin


def _interval(bounds) -> str:
    low, high = bounds
    return f"({low:g}, {high:g})"


def _effect(found, bounds) -> str:
    low, high = bounds
    if found.low >= high:
        return "none of the targets can be reached, so the loss stays high and training stalls"
    if found.high <= low:
        return "none of the targets can be reached, so the loss stays high and training stalls"
    return "part of the targets can never be reached, and the output saturates trying"
