import math

from keraslint.analysis.layers import line_of, snippet
from keraslint.analysis.models import LAYER, OWN, named_output
from keraslint.rules.base import Invalid, Rule, Valid


def _where(facts, use) -> str:
    output = use.output
    named = named_output(facts, use)
    if named is not None:
        return f"The {named}"
    node = output.layer.node
    text = f"`{snippet(facts, node)}` (line {line_of(facts, node)})"
    if output.activation_source == OWN:
        return f"The output layer {text}"
    if output.activation_source == LAYER:
        return f"The output activation layer {text}"
    return f"The model's forward pass {text}"


def _effect(output) -> str:
    if output.activation == "sigmoid":
        return "every prediction lands in [0.5, 0.73]"
    if output.units and output.units > 1:
        top = math.e / (output.units - 1 + math.e)
        return f"no class can score above {top:.0%} out of {output.units}"
    return "the probabilities are squashed towards uniform"




class DoubleActivation(Rule):
    """
    ## What it does
    Checks for a model whose output already applies softmax or sigmoid (the output layer's own
    `activation=`, a following `Activation`/`Softmax` layer, or `tf.nn.softmax(...)` in the
    forward pass) while the loss is told `from_logits=True`.

    ## Why is this bad?
    With `from_logits=True` the loss applies softmax (or sigmoid) itself, so the
    probabilities are squashed a second time: a softmax over 10 probabilities can never give
    a class more than 23 %, a sigmoid of a probability stays in [0.5, 0.73]. Outputs crowd
    towards uniform and gradients shrink. Keras on the TensorFlow backend may recognise the
    softmax op in graph mode, warn "`categorical_crossentropy` received `from_logits=True`,
    but the `output` argument was produced by a Softmax activation and thus does not
    represent logits. Was this intended?" and reuse the logits; the JAX and PyTorch backends,
    eager custom loops and `tf.nn.*_with_logits` ops do not.

    ## Example
    ```python
    import keras

    model = keras.Sequential([
        keras.Input((784,)),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    ```

    ## Use instead
    ```python
    import keras

    model = keras.Sequential([
        keras.Input((784,)),
        keras.layers.Dense(10),  # logits
    ])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    ```

    ## Real code
    On the pinned real-code corpora (`scripts/realcode.py`: the Keras examples and guides,
    TensorFlow's tutorial and guide notebooks, the tf-models-official, keras-hub and keras
    wheels), 1 finding, true (a sigmoid output with `from_logits=True` in test scaffolding);
    precision 100 %.

    ## Options
    None.

    ## References
    - [Keras losses](https://keras.io/api/losses/)
    - [tf.nn.softmax_cross_entropy_with_logits](https://www.tensorflow.org/api_docs/python/tf/nn/softmax_cross_entropy_with_logits)
    """

    CODE = "KL201"
    NAME = "double-activation"
    SUMMARY = "The output already applies softmax/sigmoid but the loss is told `from_logits=True`."
    MESSAGE = ("{where} already applies {activation}, but {claim}: the loss applies {activation} "
               "again ({effect}){backend}. Output logits (drop the {activation}) or {fix}")

    def check(self, facts):
        reported: set[int] = set()  # one finding per compile, whichever outputs are wrong
        for use in facts.models.loss_uses:
            output = use.output
            if id(use.node) in reported:
                continue
            if output is None or output.activation not in ("softmax", "sigmoid"):
                continue
            if use.loss.from_logits is not True or not use.loss.is_crossentropy:
                continue
            reported.add(id(use.node))
            is_op = use.loss.form == "op"
            yield self.report(
                use.node, anchor=use.anchor, where=_where(facts, use),
                activation=output.activation, effect=_effect(output),
                claim=(f"`{use.loss.spelling}` expects logits" if is_op
                       else f"`{use.loss.spelling}` is told `from_logits=True`"),
                backend="" if is_op else "; Keras on TensorFlow may warn and reuse the logits, "
                                         "other backends do not",
                fix="use a loss on probabilities" if is_op else "use `from_logits=False`",
            )

    VALID = (
        # Logits with from_logits=True: the recommended pairing.
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10)])
            model.compile(optimizer="adam",
                          loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        """),
        # Softmax with the default from_logits=False.
        Valid("""
            import keras

            model = keras.Sequential([
                keras.Input((784,)),
                keras.layers.Dense(128, activation="relu"),
                keras.layers.Dense(10, activation="softmax"),
            ])
            model.compile(loss=keras.losses.SparseCategoricalCrossentropy(), optimizer="adam")

        """),
        Valid("""
            import keras

            model = keras.Sequential([
                keras.Input((784,)),
                keras.layers.Dense(128, activation="relu"),
                keras.layers.Dense(10, activation="softmax"),
            ])
            model.compile(loss="categorical_crossentropy", optimizer="adam")

        """),
        # Sigmoid with binary cross-entropy on probabilities.
        Valid("""
            from tensorflow import keras
            model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
            model.compile(optimizer="adam", loss="binary_crossentropy")
        """),
        # Dense(1) logits with BinaryCrossentropy(from_logits=True).
        Valid("""
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
            model.compile(loss=tf.keras.losses.BinaryCrossentropy(from_logits=True))
        """),
        # from_logits decided at run time.
        Valid("""
            import sys
            import keras
            use_logits = sys.argv[1] == "logits"
            model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
            model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=use_logits))
        """),
        # A model loaded from disk: its output is unknown.
        Valid("""
            import keras
            model = keras.models.load_model("clf.keras")
            model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))
        """),
        # A model passed in as a parameter by unknown callers.
        Valid("""
            import keras
            def train(model, x, y):
                model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))
                model.fit(x, y)
        """),
        # Softmax on a hidden layer only (KL206's business), logits at the output.
        Valid("""
            import keras
            from keras import layers
            inputs = keras.Input((32,))
            x = layers.Dense(16, activation="softmax")(inputs)
            outputs = layers.Dense(4)(x)
            model = keras.Model(inputs, outputs)
            model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))
        """),
        # The output activation is added under a condition.
        Valid("""
            import keras
            probabilities = False
            model = keras.Sequential()
            model.add(keras.layers.Dense(10))
            if probabilities:
                model.add(keras.layers.Activation("softmax"))
            model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))
        """),
        # A custom layer at the output.
        Valid("""
            import keras
            class Head(keras.layers.Layer):
                def call(self, x):
                    return x
            model = keras.Sequential([keras.layers.Dense(10, activation="softmax"), Head()])
            model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))
        """),
        # Several outputs with a dict of losses: logits where the loss expects them.
        Valid("""
            import keras
            from keras import layers
            inputs = keras.Input((8,))
            a = layers.Dense(3, name="a")(inputs)
            b = layers.Dense(1, activation="sigmoid", name="b")(inputs)
            model = keras.Model(inputs, [a, b])
            model.compile(loss={"a": keras.losses.CategoricalCrossentropy(from_logits=True),
                                "b": "binary_crossentropy"})
        """),
        # Subclassed model returning a tuple: Keras names its outputs, the keys may not match.
        Valid("""
            import keras
            class TwoHeads(keras.Model):
                def __init__(self):
                    super().__init__()
                    self.kind = keras.layers.Dense(4, activation="softmax", name="kind")
                    self.flag = keras.layers.Dense(1, activation="sigmoid", name="flag")
                def call(self, x):
                    return self.kind(x), self.flag(x)
            model = TwoHeads()
            model.compile(loss={"kind": keras.losses.CategoricalCrossentropy(from_logits=True),
                                "flag": "binary_crossentropy"})
        """),
        # A loss list longer than the outputs: no certain pairing.
        Valid("""
            import keras
            inputs = keras.Input((8,))
            a = keras.layers.Dense(3)(inputs)
            b = keras.layers.Dense(2, activation="softmax")(inputs)
            model = keras.Model(inputs, [a, b])
            model.compile(loss=[keras.losses.CategoricalCrossentropy(from_logits=True),
                                keras.losses.CategoricalCrossentropy(from_logits=True),
                                "mse"])
        """),
        # Custom loop: logits model with a from_logits=True loss object.
        Valid("""
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(10)])
            loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
            def step(x, y):
                with tf.GradientTape() as tape:
                    loss = loss_fn(y, model(x, training=True))
                return tape.gradient(loss, model.trainable_variables)
        """),
        # log_softmax outputs are valid logits.
        Valid("""
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(10, activation=tf.nn.log_softmax)])
            model.compile(loss=tf.keras.losses.CategoricalCrossentropy(from_logits=True))
        """),
    )
    INVALID = (
        # Several outputs, a dict of losses: the softmax output `a` gets from_logits=True.
        Invalid("""
            import keras
            from keras import layers
            inputs = keras.Input((8,))
            a = layers.Dense(3, activation="softmax", name="a")(inputs)
            b = layers.Dense(1, name="b")(inputs)
            model = keras.Model(inputs, [a, b])
            model.compile(loss={"a": keras.losses.CategoricalCrossentropy(from_logits=True),
                                "b": "mse"})
        """, lines=(7,)),
        # Subclassed model returning a dict; one loss for every output (reported once).
        Invalid("""
            import tensorflow as tf
            class Heads(tf.keras.Model):
                def __init__(self):
                    super().__init__()
                    self.digit = tf.keras.layers.Dense(10, activation="softmax")
                    self.parity = tf.keras.layers.Dense(2, activation="softmax")
                def call(self, x):
                    return {"digit": self.digit(x), "parity": self.parity(x)}
            model = Heads()
            model.compile(optimizer="adam",
                          loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        """, lines=(10,)),
        Invalid("""
            import keras

            model = keras.Sequential([
                keras.Input((784,)),
                keras.layers.Dense(128, activation="relu"),
                keras.layers.Dense(10, activation="softmax"),
            ])
            model.compile(optimizer="adam",
                          loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        """, lines=(8,)),
        # tf.keras spelling, `.add` chain, separate Activation layer.
        Invalid("""
            import tensorflow as tf
            model = tf.keras.models.Sequential()
            model.add(tf.keras.layers.Dense(64, activation="relu", input_shape=(20,)))
            model.add(tf.keras.layers.Dense(5))
            model.add(tf.keras.layers.Activation("softmax"))
            model.compile(loss=tf.keras.losses.CategoricalCrossentropy(from_logits=True),
                          optimizer="adam")
        """, lines=(6,)),
        # Sigmoid output with BinaryCrossentropy(from_logits=True).
        Invalid("""
            from tensorflow.keras import Sequential
            from tensorflow.keras.layers import Dense
            from tensorflow.keras.losses import BinaryCrossentropy
            model = Sequential([Dense(32, activation="relu"), Dense(1, activation="sigmoid")])
            model.compile("adam", BinaryCrossentropy(from_logits=True), metrics=["accuracy"])
        """, lines=(5,)),
        # Functional model, layers.Softmax() at the end, loss through a variable.
        Invalid("""
            import keras
            from keras import layers
            inputs = keras.Input(shape=(28, 28, 1))
            x = layers.Conv2D(32, 3, activation="relu")(inputs)
            x = layers.Flatten()(x)
            x = layers.Dense(10)(x)
            outputs = layers.Softmax()(x)
            model = keras.Model(inputs=inputs, outputs=outputs)
            loss = keras.losses.CategoricalCrossentropy(from_logits=True)
            model.compile(optimizer="adam", loss=loss)
        """, lines=(10,)),
        # tf.nn.softmax applied as an op in the functional graph.
        Invalid("""
            import tensorflow as tf
            inputs = tf.keras.Input((16,))
            logits = tf.keras.layers.Dense(3)(inputs)
            probs = tf.nn.softmax(logits)
            model = tf.keras.Model(inputs, probs)
            model.compile(loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        """, lines=(6,)),
        # Activation given as a function object.
        Invalid("""
            import keras
            model = keras.Sequential([keras.layers.Dense(10, activation=keras.activations.softmax)])
            model.compile(loss=keras.losses.CategoricalCrossentropy(True))
        """, lines=(3,)),
        # Builder function with a default activation, called without it.
        Invalid("""
            import keras
            def build(num_classes, head="softmax"):
                model = keras.Sequential()
                model.add(keras.layers.Dense(num_classes, activation=head))
                return model
            model = build(10)
            model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))
        """, lines=(7,)),
        # Subclassed model whose call returns a softmax layer's output.
        Invalid("""
            import tensorflow as tf
            class Net(tf.keras.Model):
                def __init__(self):
                    super().__init__()
                    self.hidden = tf.keras.layers.Dense(64, activation="relu")
                    self.out = tf.keras.layers.Dense(10, activation="softmax")
                def call(self, x):
                    return self.out(self.hidden(x))
            net = Net()
            net.compile(optimizer="adam",
                        loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        """, lines=(10,)),
        # Subclassed model returning tf.nn.softmax.
        Invalid("""
            import tensorflow as tf
            class Net(tf.keras.Model):
                def __init__(self):
                    super().__init__()
                    self.out = tf.keras.layers.Dense(10)
                def call(self, x):
                    return tf.nn.softmax(self.out(x))
            net = Net()
            net.compile(loss=tf.keras.losses.CategoricalCrossentropy(from_logits=True))
        """, lines=(9,)),
        # Custom loop: the loss object's line is the primary line.
        Invalid("""
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(10, activation="softmax")])
            loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
            def step(x, y):
                with tf.GradientTape() as tape:
                    logits = model(x, training=True)
                    loss = loss_fn(y, logits)
                return tape.gradient(loss, model.trainable_variables)
        """, lines=(3,)),
        # Custom loop with a tf.nn op that expects logits.
        Invalid("""
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(10, activation="softmax")])
            def step(x, y):
                with tf.GradientTape() as tape:
                    loss = tf.reduce_mean(
                        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=model(x)))
                return tape.gradient(loss, model.trainable_variables)
        """, lines=(6,)),
        # keras.applications with its default softmax classifier.
        Invalid("""
            import keras
            model = keras.applications.ResNet50(weights=None, classes=5)
            model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=True))
        """, lines=(3,)),
    )
