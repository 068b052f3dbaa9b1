from keraslint.analysis.layers import line_of, snippet
from keraslint.analysis.models import named_output
from keraslint.rules.base import Invalid, Rule, Valid


class LossOutputMismatch(Rule):
    """
    ## What it does
    Checks for a cross-entropy loss that does not fit the output layer: binary cross-entropy
    on a softmax over more than two units, or categorical / sparse categorical cross-entropy
    on a one-unit output or a sigmoid output.

    A model with several outputs is checked output by output, with the loss Keras gives
    each one: a loss list by position, a loss dict by output name, a single loss for all.

    ## Why is this bad?
    - Binary cross-entropy on a softmax scores each class as an independent yes/no
      question; Keras then reports binary accuracy, which looks excellent (90 % on 10
      classes by predicting "no" everywhere) while the model learns little.
    - Categorical cross-entropy over one unit has only one class: with a softmax the loss is
      always 0, with a sigmoid samples labelled 0 contribute nothing. Sparse categorical
      cross-entropy over one unit rejects or misreads every label but 0.
    - Categorical cross-entropy on sigmoid outputs renormalises independent probabilities:
      multi-label targets need binary cross-entropy, single-label classes need softmax.

    ## Example
    ```python
    import keras

    model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(5, activation="softmax")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    ```

    ## Use instead
    ```python
    import keras

    model = keras.Sequential([keras.Input((20,)), keras.layers.Dense(5, activation="softmax")])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    ```

    ## Real code
    On the pinned real-code corpora (`scripts/realcode.py`: the Keras examples and guides,
    TensorFlow's tutorial and guide notebooks, the tf-models-official, keras-hub and keras
    wheels), 1 finding, true (sparse cross-entropy on the one-unit sigmoid export model of
    TensorFlow's text tutorial); precision 100 %.

    ## Options
    None.

    ## References
    - [Keras probabilistic losses](https://keras.io/api/losses/probabilistic_losses/)
    """

    CODE = "KL204"
    NAME = "loss-output-mismatch"
    SUMMARY = ("Binary cross-entropy on a softmax over more than two units; categorical "
               "cross-entropy on a one-unit or sigmoid output.")
    MESSAGE = "`{loss}` does not fit {subject}: {problem}"

    def check(self, facts):
        reported: set[int] = set()  # one finding per compile, whichever outputs are wrong
        for use in facts.models.loss_uses:
            output = use.output
            if output is None or id(use.node) in reported:
                continue
            problem = _mismatch(use.loss, output)
            if problem is not None:
                reported.add(id(use.node))
                node = output.layer.node
                named = named_output(facts, use)
                subject = (f"the {named}" if named is not None else
                           f"the output `{snippet(facts, node)}` (line {line_of(facts, node)})")
                yield self.report(use.node, anchor=use.anchor, loss=use.loss.spelling,
                                  subject=subject, problem=problem)

    VALID = (
        Valid("""
            import keras
            model = keras.Sequential([keras.layers.Dense(5, activation="softmax")])
            model.compile(loss="categorical_crossentropy")
        """),
        # Two-unit softmax with binary cross-entropy on one-hot labels is equivalent.
        Valid("""
            import keras
            model = keras.Sequential([keras.layers.Dense(2, activation="softmax")])
            model.compile(loss="binary_crossentropy")
        """),
        # Multi-label: sigmoid units with binary cross-entropy.
        Valid("""
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(6, activation="sigmoid")])
            model.compile(loss=tf.keras.losses.BinaryCrossentropy(), metrics=["AUC"])
        """),
        Valid("""
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(1, activation="sigmoid")])
            model.compile(loss="binary_crossentropy")
        """),
        # Logits with from_logits=True, sparse labels.
        Valid("""
            import keras
            model = keras.Sequential([keras.layers.Dense(10)])
            model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        """),
        # Units from a variable the code does not fix.
        Valid("""
            import keras
            import sys
            n = int(sys.argv[1])
            model = keras.Sequential([keras.layers.Dense(n, activation="softmax")])
            model.compile(loss="binary_crossentropy")
        """),
        # Head chosen by the class count.
        Valid("""
            import keras
            def build(num_classes):
                if num_classes == 2:
                    head, loss = keras.layers.Dense(1, activation="sigmoid"), "binary_crossentropy"
                else:
                    head = keras.layers.Dense(num_classes, activation="softmax")
                    loss = "categorical_crossentropy"
                model = keras.Sequential([keras.Input((16,)), head])
                model.compile(loss=loss)
                return model
        """),
        # Regression: one linear unit with mse.
        Valid("""
            import keras
            model = keras.Sequential([keras.layers.Dense(1)])
            model.compile(loss="mse")
        """),
        # Multi-output model with a loss per output.
        Valid("""
            import keras
            inputs = keras.Input((8,))
            a = keras.layers.Dense(5, activation="softmax")(inputs)
            b = keras.layers.Dense(1, activation="sigmoid")(inputs)
            model = keras.Model(inputs, [a, b])
            model.compile(loss=["categorical_crossentropy", "binary_crossentropy"])
        """),
        # A loss list of the wrong length: Keras rejects it, the pairing is unknown.
        Valid("""
            import keras
            inputs = keras.Input((8,))
            a = keras.layers.Dense(5, activation="softmax")(inputs)
            b = keras.layers.Dense(1, activation="sigmoid")(inputs)
            model = keras.Model(inputs, [a, b])
            model.compile(loss=["categorical_crossentropy", "categorical_crossentropy", "mse"])
        """),
        # A loss key that names no output (this output has no `name=`).
        Valid("""
            import keras
            inputs = keras.Input((8,))
            a = keras.layers.Dense(5, activation="softmax", name="kind")(inputs)
            b = keras.layers.Dense(1, activation="sigmoid")(inputs)
            model = keras.Model(inputs, [a, b])
            model.compile(loss={"kind": "categorical_crossentropy",
                                "dense_1": "categorical_crossentropy"})
        """),
        # The outputs list grows after it is written: how many outputs is unsure.
        Valid("""
            import keras
            inputs = keras.Input((8,))
            outs = [keras.layers.Dense(1, activation="sigmoid")(inputs)]
            outs.append(keras.layers.Dense(5, activation="softmax")(inputs))
            model = keras.Model(inputs, outs)
            model.compile(loss=["binary_crossentropy", "categorical_crossentropy"])
        """),
        # Unknown model.
        Valid("""
            import keras
            model = keras.models.load_model("m.keras")
            model.compile(loss="binary_crossentropy")
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            model = keras.Sequential([keras.layers.Dense(5, activation="softmax")])
            model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
        """, lines=(3,)),
        # BinaryCrossentropy instance on a 10-way softmax layer.
        Invalid("""
            from tensorflow.keras import layers, losses, models
            model = models.Sequential()
            model.add(layers.Conv2D(32, 3, activation="relu", input_shape=(28, 28, 1)))
            model.add(layers.Flatten())
            model.add(layers.Dense(10))
            model.add(layers.Softmax())
            model.compile(loss=losses.BinaryCrossentropy(), optimizer="adam")
        """, lines=(7,)),
        # Categorical cross-entropy on a single sigmoid unit.
        Invalid("""
            import keras
            model = keras.Sequential([keras.layers.Dense(16, activation="relu"),
                                      keras.layers.Dense(1, activation="sigmoid")])
            model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
        """, lines=(4,)),
        # Sparse categorical on one unit.
        Invalid("""
            import tensorflow as tf
            inputs = tf.keras.Input((30,))
            x = tf.keras.layers.Dense(16, activation="relu")(inputs)
            outputs = tf.keras.layers.Dense(1, activation="sigmoid")(x)
            model = tf.keras.Model(inputs, outputs)
            model.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy())
        """, lines=(6,)),
        # Multi-label sigmoid head with categorical cross-entropy.
        Invalid("""
            import keras
            model = keras.Sequential([keras.Input((300,)),
                                      keras.layers.Dense(6, activation="sigmoid")])
            model.compile(optimizer="adam", loss=keras.losses.CategoricalCrossentropy())
        """, lines=(4,)),
        # One-unit logits with sparse categorical cross-entropy (from_logits=True).
        Invalid("""
            import keras
            model = keras.Sequential([keras.layers.Dense(1)])
            model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        """, lines=(3,)),
        # Builder defaults, compile inside the builder.
        Invalid("""
            from tensorflow import keras
            def make(n_out=1, act="softmax", loss="categorical_crossentropy"):
                model = keras.Sequential([keras.layers.Dense(n_out, activation=act)])
                model.compile(optimizer="adam", loss=loss)
                return model
            model = make()
        """, lines=(4,)),
        # Custom loop: BinaryCrossentropy object on a softmax over 3 classes.
        Invalid("""
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(3, activation="softmax")])
            loss_fn = tf.keras.losses.BinaryCrossentropy()
            def train_step(x, y):
                with tf.GradientTape() as tape:
                    loss = loss_fn(y, model(x, training=True))
        """, lines=(3,)),
        # Several outputs, a loss list: the one-unit sigmoid output gets categorical CE.
        Invalid("""
            import keras
            from keras import layers
            inputs = keras.Input((64,))
            kind = layers.Dense(4, activation="softmax", name="kind")(inputs)
            urgent = layers.Dense(1, activation="sigmoid", name="urgent")(inputs)
            model = keras.Model(inputs=inputs, outputs=[kind, urgent])
            model.compile(optimizer="adam",
                          loss=["categorical_crossentropy", "categorical_crossentropy"])
        """, lines=(7,)),
        # One loss for every output: binary cross-entropy on two softmax heads (one finding).
        Invalid("""
            import keras
            inputs = keras.Input((64,))
            a = keras.layers.Dense(4, activation="softmax")(inputs)
            b = keras.layers.Dense(7, activation="softmax")(inputs)
            model = keras.Model(inputs, (a, b))
            model.compile(loss="binary_crossentropy")
        """, lines=(6,)),
        # Subclassed model with a sigmoid output trained with categorical cross-entropy.
        Invalid("""
            import tensorflow as tf
            class Tagger(tf.keras.Model):
                def __init__(self, n_tags=20):
                    super().__init__()
                    self.out = tf.keras.layers.Dense(n_tags, activation="sigmoid")
                def call(self, x):
                    return self.out(x)
            model = Tagger()
            model.compile(loss="categorical_crossentropy")
        """, lines=(9,)),
    )


def _mismatch(loss, output):
    """Why this loss cannot train this output, or None when they fit (or are unknown)."""
    units, activation = output.units, output.activation
    if loss.is_binary and activation == "softmax" and units is not None and units > 2:
        return (f"binary cross-entropy scores each of the {units} softmax classes as an "
                f"independent yes/no and reports binary accuracy. Use categorical (one-hot "
                f"labels) or sparse categorical (integer labels) cross-entropy")
    if not loss.is_multiclass:
        return None
    if units == 1:
        return (f"{_kind(loss)} needs one output unit per class, but this output has a single "
                f"unit, so the loss cannot separate classes. Use one unit with sigmoid and "
                f"binary cross-entropy, or one unit per class with softmax")
    if activation == "sigmoid" and loss.from_logits is not True:
        return (f"{_kind(loss)} expects a softmax over classes, but this output applies "
                f"sigmoid to each unit. Use softmax for single-label classes, or binary "
                f"cross-entropy for multi-label targets")
    return None


def _kind(loss) -> str:
    sparse = "sparse " if loss.kind.startswith("sparse") else ""
    return f"{sparse}categorical cross-entropy"
