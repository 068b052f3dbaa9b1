from keraslint.analysis.layers import line_of, snippet
from keraslint.analysis.models import named_output
from keraslint.rules.base import Invalid, Rule, Valid


class LogitsIntoProbabilityLoss(Rule):
    """
    ## What it does
    Checks for a model whose output layer has no activation (it outputs raw scores, logits)
    trained with a cross-entropy loss that keeps `from_logits=False`: the default of every
    Keras cross-entropy, string losses such as `"sparse_categorical_crossentropy"` included.

    A model with several outputs is checked output by output, with the loss Keras gives
    each one: a loss list by position, a loss dict by output name, a single loss for all.

    ## Why is this bad?
    The loss takes the raw scores for probabilities: Keras normalises and clips them to
    `[1e-7, 1 - 1e-7]`, so negative scores are cut off, gradients vanish for clipped
    entries and the loss no longer measures anything meaningful. Keras says nothing; training
    stalls near chance (an untrained 10-class model starts around 9.7 instead of
    ln 10 = 2.3) or diverges.

    ## Example
    ```python
    import keras

    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10)])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    ```

    ## Use instead
    ```python
    import keras

    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10)])
    model.compile(optimizer="adam",
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    ```

    ## Real code
    On the pinned real-code corpora (`scripts/realcode.py`: the Keras examples and guides,
    TensorFlow's tutorial and guide notebooks, the tf-models-official, keras-hub and keras
    wheels), 17 findings, all true (a linear head trained with `CategoricalCrossentropy()` 14
    times in a Keras guide, two linear outputs with `"binary_crossentropy"` in TensorFlow's
    guides, one in test scaffolding); precision 100 %.

    ## Options
    None.

    ## References
    - [Keras losses](https://keras.io/api/losses/)
    - [Keras: SparseCategoricalCrossentropy](https://keras.io/api/losses/probabilistic_losses/#sparsecategoricalcrossentropy-class)
    """

    CODE = "KL202"
    NAME = "logits-into-probability-loss"
    SUMMARY = "A linear output trained with a cross-entropy that keeps `from_logits=False`."
    MESSAGE = ("{subject} is linear, so it outputs logits, "
               "but `{loss}` {default}`from_logits=False` and reads them as probabilities: "
               "raw scores are clipped into (0, 1) and training stalls. Pass `from_logits=True` "
               "or add `activation=\"{activation}\"` to the output layer")

    def check(self, facts):
        reported: set[int] = set()  # one finding per compile, whichever outputs are wrong
        for use in facts.models.loss_uses:
            output = use.output
            if id(use.node) in reported:
                continue
            if output is None or output.activation != "linear" or output.activation_source != "own":
                continue
            if use.loss.from_logits is not False or not use.loss.is_crossentropy:
                continue
            reported.add(id(use.node))
            node = output.layer.node
            named = named_output(facts, use)
            subject = (f"The {named}" if named is not None else
                       f"The output layer `{snippet(facts, node)}` (line {line_of(facts, node)})")
            yield self.report(
                use.node, anchor=use.anchor, subject=subject,
                loss=use.loss.spelling,
                default="sets " if use.loss.from_logits_node is not None else "keeps the default ",
                activation="sigmoid" if use.loss.is_binary else "softmax",
            )

    VALID = (
        # Logits with from_logits=True.
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10)])
            model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        """),
        # Softmax output with the default loss.
        Valid("""
            import keras
            model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])
            model.compile(loss="sparse_categorical_crossentropy")
        """),
        # Linear output followed by a softmax layer.
        Valid("""
            import tensorflow as tf
            model = tf.keras.Sequential()
            model.add(tf.keras.layers.Dense(10))
            model.add(tf.keras.layers.Activation("softmax"))
            model.compile(loss="categorical_crossentropy", optimizer="adam")
        """),
        # Regression: linear output with mse.
        Valid("""
            import keras
            model = keras.Sequential([keras.layers.Dense(64, activation="relu"),
                                      keras.layers.Dense(1)])
            model.compile(optimizer="adam", loss="mse", metrics=["mae"])
        """),
        # Dense(1) logits with BinaryCrossentropy(from_logits=True).
        Valid("""
            from tensorflow.keras import Sequential, layers, losses
            model = Sequential([layers.Dense(16, activation="relu"), layers.Dense(1)])
            model.compile(loss=losses.BinaryCrossentropy(from_logits=True))
        """),
        # The output activation comes from a variable set at run time.
        Valid("""
            import os
            import keras
            act = os.environ.get("HEAD_ACTIVATION")
            model = keras.Sequential([keras.layers.Dense(10, activation=act)])
            model.compile(loss="categorical_crossentropy")
        """),
        # Layer built from **kwargs: the activation may be in them.
        Valid("""
            import keras
            head_kwargs = load_config()
            model = keras.Sequential([keras.layers.Dense(10, **head_kwargs)])
            model.compile(loss="categorical_crossentropy")
        """),
        # Functional model ending in tf.nn.softmax.
        Valid("""
            import tensorflow as tf
            inputs = tf.keras.Input((8,))
            outputs = tf.nn.softmax(tf.keras.layers.Dense(4)(inputs))
            model = tf.keras.Model(inputs, outputs)
            model.compile(loss="categorical_crossentropy")
        """),
        # Hub / custom layer at the output: unknown.
        Valid("""
            import tensorflow as tf
            import tensorflow_hub as hub
            model = tf.keras.Sequential([hub.KerasLayer("https://tfhub.dev/x/1")])
            model.compile(loss="categorical_crossentropy")
        """),
        # from_logits from an unknown flag.
        Valid("""
            import keras
            def compile_model(model, flag):
                model.compile(loss=keras.losses.CategoricalCrossentropy(from_logits=flag))
            net = keras.Sequential([keras.layers.Dense(3)])
            compile_model(net, load_flag())
        """),
        # Custom loop on logits with from_logits=True.
        Valid("""
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(10)])
            loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
            def step(x, y):
                with tf.GradientTape() as tape:
                    loss = loss_fn(y, model(x, training=True))
        """),
        # Several outputs, each loss fits its output (regression head stays linear).
        Valid("""
            import keras
            def build():
                inputs = keras.Input((12,))
                h = keras.layers.Dense(32, activation="relu")(inputs)
                return keras.Model(inputs, outputs={
                    "price": keras.layers.Dense(1)(h),
                    "category": keras.layers.Dense(6)(h),
                })
            model = build()
            model.compile(loss={
                "price": "mse",
                "category": keras.losses.SparseCategoricalCrossentropy(from_logits=True),
            })
        """),
        # The dict key matches no output name (the output has no `name=`): pairing unknown.
        Valid("""
            import keras
            inputs = keras.Input((12,))
            price = keras.layers.Dense(1, name="price")(inputs)
            category = keras.layers.Dense(6)(inputs)
            model = keras.Model(inputs, [price, category])
            model.compile(loss={"price": "mse", "dense_1": "sparse_categorical_crossentropy"})
        """),
        # Dict outputs with a loss list: Keras pairs them in sorted key order, not as written.
        Valid("""
            import keras
            inputs = keras.Input((12,))
            model = keras.Model(inputs, {"z_category": keras.layers.Dense(6)(inputs),
                                         "a_price": keras.layers.Dense(1)(inputs)})
            model.compile(loss=["mse",
                                keras.losses.SparseCategoricalCrossentropy(from_logits=True)])
        """),
        # The loss dict is changed after it is written: its final contents are unsure.
        Valid("""
            import keras
            inputs = keras.Input((12,))
            price = keras.layers.Dense(1, name="price")(inputs)
            category = keras.layers.Dense(6, name="category")(inputs)
            model = keras.Model(inputs, [price, category])
            losses = {"price": "mse", "category": "sparse_categorical_crossentropy"}
            losses["category"] = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
            model.compile(loss=losses)
        """),
        # A Dense(10) whose output is flattened: the output is not understood.
        Valid("""
            import keras
            model = keras.Sequential([keras.layers.Dense(10), keras.layers.Flatten()])
            model.compile(loss="categorical_crossentropy")
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10)])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        """, lines=(3,)),
        # Explicit from_logits=False on a linear output.
        Invalid("""
            import tensorflow as tf
            model = tf.keras.Sequential([
                tf.keras.layers.Flatten(input_shape=(28, 28)),
                tf.keras.layers.Dense(128, activation="relu"),
                tf.keras.layers.Dense(10),
            ])
            model.compile(optimizer="adam",
                          loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=False),
                          metrics=["accuracy"])
        """, lines=(7,)),
        # Binary: Dense(1) with the default BinaryCrossentropy.
        Invalid("""
            from tensorflow.keras.models import Sequential
            from tensorflow.keras.layers import Dense
            from tensorflow.keras.losses import BinaryCrossentropy
            model = Sequential()
            model.add(Dense(16, activation="relu", input_dim=8))
            model.add(Dense(1))
            model.compile(optimizer="adam", loss=BinaryCrossentropy(), metrics=["accuracy"])
        """, lines=(7,)),
        # activation=None is linear.
        Invalid("""
            import keras
            model = keras.Sequential([keras.layers.Dense(5, activation=None)])
            model.compile("adam", "categorical_crossentropy")
        """, lines=(3,)),
        # Functional model, string alias through a variable.
        Invalid("""
            import keras
            from keras import layers
            inputs = keras.Input((20,))
            x = layers.Dense(32, activation="relu")(inputs)
            outputs = layers.Dense(1)(x)
            model = keras.Model(inputs, outputs)
            loss_name = "bce"
            model.compile(optimizer="adam", loss=loss_name)
        """, lines=(8,)),
        # Function object as the loss.
        Invalid("""
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(3)])
            model.compile(loss=tf.keras.losses.categorical_crossentropy)
        """, lines=(3,)),
        # Builder function returning the model; compile outside.
        Invalid("""
            from tensorflow import keras
            def make_model(n_classes):
                inputs = keras.Input(shape=(32, 32, 3))
                x = keras.layers.Conv2D(16, 3, activation="relu")(inputs)
                x = keras.layers.GlobalAveragePooling2D()(x)
                return keras.Model(inputs, keras.layers.Dense(n_classes)(x))
            model = make_model(10)
            model.compile(loss=keras.losses.CategoricalCrossentropy(), optimizer="sgd")
        """, lines=(8,)),
        # Subclassed model returning the last Dense's output.
        Invalid("""
            import keras
            class Classifier(keras.Model):
                def __init__(self, n):
                    super().__init__()
                    self.body = keras.layers.Dense(64, activation="relu")
                    self.head = keras.layers.Dense(n)
                def call(self, x):
                    x = self.body(x)
                    return self.head(x)
            clf = Classifier(10)
            clf.compile(loss="sparse_categorical_crossentropy")
        """, lines=(11,)),
        # Custom loop with the default loss object: its line is the primary line.
        Invalid("""
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(10)])
            loss_object = tf.keras.losses.SparseCategoricalCrossentropy()
            @tf.function
            def train_step(x, y):
                with tf.GradientTape() as tape:
                    predictions = model(x, training=True)
                    loss = loss_object(y, predictions)
        """, lines=(3,)),
        # Custom loop calling the loss function directly.
        Invalid("""
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(10)])
            def train_step(x, y):
                with tf.GradientTape() as tape:
                    logits = model(x, training=True)
                    loss = tf.keras.losses.sparse_categorical_crossentropy(y, logits)
        """, lines=(6,)),
        # Dict outputs built in a function, paired with a dict of losses by key.
        Invalid("""
            import keras
            def build():
                inputs = keras.Input((12,))
                h = keras.layers.Dense(32, activation="relu")(inputs)
                return keras.Model(inputs, outputs={
                    "price": keras.layers.Dense(1)(h),
                    "category": keras.layers.Dense(6)(h),
                })
            model = build()
            model.compile(optimizer="adam",
                          loss={"price": "mse", "category": "sparse_categorical_crossentropy"})
        """, lines=(10,)),
        # A loss list paired by position; the output is named by its layer's `name=`.
        Invalid("""
            import keras
            inputs = keras.Input((12,))
            h = keras.layers.Dense(32, activation="relu")(inputs)
            outs = [keras.layers.Dense(1, name="price")(h),
                    keras.layers.Dense(1, name="is_fraud")(h)]
            model = keras.Model(inputs, outs)
            model.compile(loss=["huber", keras.losses.BinaryCrossentropy()])
        """, lines=(7,)),
        # keras.applications with classifier_activation=None and a default loss.
        Invalid("""
            import keras
            from keras.applications import MobileNetV2
            model = MobileNetV2(weights=None, classes=3, classifier_activation=None)
            model.compile(loss="categorical_crossentropy")
        """, lines=(4,)),
    )
