from keraslint.analysis import calls
from keraslint.analysis.layers import (
    ACTIVATION,
    OWN_ACTIVATION_LAYERS,
    SOFTMAX_OPS,
    UNITS,
    describe,
    line_of,
    over_last_axis,
    snippet,
)
from keraslint.analysis.models import units_feeding
from keraslint.rules.base import Invalid, Rule, Valid


class SoftmaxSingleUnit(Rule):
    """
    ## What it does
    Checks for a softmax over a single unit: `Dense(1, activation="softmax")`, a
    `Conv2D(1, ..., activation="softmax")`, or a one-unit layer followed by
    `Activation("softmax")`, `Softmax()` or `tf.nn.softmax`.

    ## Why is this bad?
    Softmax normalises over the last axis; with one unit it divides a value by itself, so the
    output is always exactly 1.0 whatever the input. The loss is constant, the gradients are
    zero, and a binary classifier built this way predicts the positive class for every sample.

    The finding sits on the model's `compile` call (or, in a custom training loop, on the line
    that builds the loss); a layer that is never trained that way is reported where it is built.

    ## Example
    ```python
    import keras

    model = keras.Sequential([
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(1, activation="softmax"),
    ])
    ```

    ## Use instead
    ```python
    import keras

    model = keras.Sequential([
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),  # or Dense(2, activation="softmax")
    ])
    ```

    ## Real code
    On the pinned real-code corpora (`scripts/realcode.py`: the Keras examples and guides,
    TensorFlow's tutorial and guide notebooks, the tf-models-official, keras-hub and keras
    wheels), no finding.

    ## Options
    None.

    ## References
    - [Keras: softmax activation](https://keras.io/api/layers/activations/#softmax-function)
    """

    CODE = "KL203"
    NAME = "softmax-single-unit"
    SUMMARY = "Softmax over a single unit: the output is always 1.0."
    MESSAGE = ("{where} applies softmax over a single unit: the output is always 1.0, so the "
               "loss is constant and nothing is learned. Use `activation=\"sigmoid\"` for one "
               "unit, or one unit per class with softmax")

    def check(self, facts):
        covered: set[int] = set()
        for call, anchor, model in _trained_models(facts):
            sites = [site for path in model.paths
                     for site in _in_steps(facts, list(reversed(path)))]
            if sites:
                covered |= {id(node) for node, _ in sites}
                yield self.report(call, anchor=anchor, where=sites[0][1])
        for node, where in _single_unit_softmaxes(facts):
            if id(node) not in covered:
                covered.add(id(node))
                yield self.report(node, where=where)

    VALID = (
        Valid("""
            import keras
            model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        """),
        Valid("""
            import keras
            model = keras.Sequential([keras.layers.Dense(2, activation="softmax")])
        """),
        # Units from configuration: unknown.
        Valid("""
            import keras
            import json
            n = json.load(open("cfg.json"))["classes"]
            model = keras.Sequential([keras.layers.Dense(n, activation="softmax")])
        """),
        # One-unit Dense followed by a sigmoid layer.
        Valid("""
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(1),
                                         tf.keras.layers.Activation("sigmoid")])
        """),
        # Softmax after a Dense(1) with something reshaping in between.
        Valid("""
            import keras
            from keras import layers
            inputs = keras.Input((10, 4))
            scores = layers.Dense(1)(inputs)
            scores = layers.Flatten()(scores)
            weights = layers.Softmax()(scores)
        """),
        # Attention scores: softmax over the time axis of a one-unit Dense.
        Valid("""
            import tensorflow as tf
            inputs = tf.keras.Input((20, 8))
            e = tf.keras.layers.Dense(1, activation="tanh")(inputs)
            a = tf.nn.softmax(e, axis=1)
        """),
        Valid("""
            import keras
            from keras import layers
            inputs = keras.Input((20, 8))
            e = layers.Dense(1)(inputs)
            a = layers.Softmax(axis=1)(e)
        """),
        # Dense(1) with unpacked kwargs: the activation may be anything.
        Valid("""
            import keras
            opts = {"activation": "sigmoid"}
            layer = keras.layers.Dense(1, **opts)
        """),
        # A builder whose single caller passes two classes.
        Valid("""
            import keras
            def head(n_classes):
                return keras.layers.Dense(n_classes, activation="softmax")
            layer = head(2)
        """),
        # Not a Keras layer.
        Valid("""
            import keras
            from mylib import Dense
            layer = Dense(1, activation="softmax")
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            model = keras.Sequential([
                keras.layers.Dense(32, activation="relu"),
                keras.layers.Dense(1, activation="softmax"),
            ])
        """, lines=(4,)),
        Invalid("""
            from tensorflow.keras.layers import Dense
            from tensorflow.keras.models import Sequential
            model = Sequential()
            model.add(Dense(64, activation="relu", input_dim=30))
            model.add(Dense(1, activation="softmax"))
        """, lines=(5,)),
        # Positional activation.
        Invalid("""
            import tensorflow as tf
            out = tf.keras.layers.Dense(1, "softmax")
        """, lines=(2,)),
        # Capitalised string and units through a name.
        Invalid("""
            from keras import layers
            N_OUT = 1
            head = layers.Dense(units=N_OUT, activation="Softmax")
        """, lines=(3,)),
        # Segmentation head: one filter with softmax over channels.
        Invalid("""
            from tensorflow.keras import layers
            mask = layers.Conv2D(1, (1, 1), activation="softmax", padding="same")
        """, lines=(2,)),
        # Dense(1) followed by an Activation layer: the activation layer is the primary line.
        Invalid("""
            import tensorflow as tf
            model = tf.keras.Sequential([
                tf.keras.layers.Dense(16, activation="relu"),
                tf.keras.layers.Dense(1),
                tf.keras.layers.Activation("softmax"),
            ])
        """, lines=(5,)),
        # Functional: Softmax layer after Dense(1) and Dropout.
        Invalid("""
            import keras
            from keras import layers
            inputs = keras.Input((8,))
            x = layers.Dense(1)(inputs)
            x = layers.Dropout(0.2)(x)
            outputs = layers.Softmax()(x)
        """, lines=(6,)),
        # A compiled model: the finding sits on `compile`, as for every loss/output rule.
        Invalid("""
            import keras
            model = keras.Sequential([keras.layers.Dense(1, activation="softmax")])
            model.compile(optimizer="adam", loss="binary_crossentropy")
            model.fit(x, y)
        """, lines=(3,)),
        # One output of several is a single-unit softmax: reported on `compile`.
        Invalid("""
            import keras
            inputs = keras.Input((16,))
            kind = keras.layers.Dense(4, activation="softmax")(inputs)
            flag = keras.layers.Dense(1, activation="softmax")(inputs)
            model = keras.Model(inputs, {"kind": kind, "flag": flag})
            model.compile(loss={"kind": "categorical_crossentropy", "flag": "binary_crossentropy"})
        """, lines=(6,)),
        # Custom loop without compile: the line that builds the loss.
        Invalid("""
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(1, activation="softmax")])
            bce = tf.keras.losses.BinaryCrossentropy()
            def step(x, y):
                with tf.GradientTape() as tape:
                    loss = bce(y, model(x, training=True))
        """, lines=(3,)),
        # tf.nn.softmax applied to a one-unit Dense in a subclassed model.
        Invalid("""
            import tensorflow as tf
            class Net(tf.keras.Model):
                def __init__(self):
                    super().__init__()
                    self.score = tf.keras.layers.Dense(1)
                def call(self, x):
                    return tf.nn.softmax(self.score(x))
            net = Net()
        """, lines=(7,)),
        # Builder default of one unit, never overridden.
        Invalid("""
            import keras
            def build(units=1, activation="softmax"):
                return keras.Sequential([keras.layers.Dense(units, activation=activation)])
            model = build()
        """, lines=(3,)),
        # A builder whose single caller passes one class.
        Invalid("""
            import keras
            def build(num_classes):
                inputs = keras.Input((4,))
                outputs = keras.layers.Dense(num_classes, activation="softmax")(inputs)
                return keras.Model(inputs, outputs)
            model = build(1)
        """, lines=(4,)),
        # activation given as the function object.
        Invalid("""
            import tensorflow as tf
            layer = tf.keras.layers.Dense(1, activation=tf.nn.softmax)
        """, lines=(2,)),
    )


def _trained_models(facts):
    """(node, primary-line anchor, model): each `compile`, else the loss of a custom loop."""
    for compiled in facts.models.compiles:
        if compiled.model is not None:
            yield compiled.call, calls.anchor(compiled.call), compiled.model
    for use in facts.models.loss_uses:
        if use.compile is None:
            yield use.node, use.anchor, use.model


def _single_unit_softmaxes(facts):
    """(node to report, how to name it) for every softmax over a one-unit last axis."""
    for call in facts.calls_to(*OWN_ACTIVATION_LAYERS):
        if _own_single_softmax(describe(facts, call)):
            yield call, f"`{snippet(facts, call)}` (line {line_of(facts, call)})"
    for model in facts.models.all_models:
        for path in model.paths:
            yield from _in_steps(facts, list(reversed(path)))
    for call in _softmax_applications(facts):
        steps, _ = facts.models.trace(call)
        yield from _in_steps(facts, steps)


def _in_steps(facts, backward):
    """Softmax steps (output first) whose input comes from a one-unit layer."""
    for i, step in enumerate(backward):
        if _own_single_softmax(step):
            yield step.node, f"`{snippet(facts, step.node)}` (line {line_of(facts, step.node)})"
        elif step.category == ACTIVATION and step.activation == "softmax":
            source = units_feeding(backward[i + 1:])
            if source is not None and source.units == 1 and over_last_axis(facts, step.node):
                layer = f"`{snippet(facts, source.node)}` (line {line_of(facts, source.node)})"
                yield step.node, f"`{snippet(facts, step.node)}` on the one unit of {layer}"


def _own_single_softmax(layer) -> bool:
    return layer.category == UNITS and layer.units == 1 and layer.activation == "softmax"


def _softmax_applications(facts):
    """`Activation("softmax")(x)`, `Softmax()(x)` or `tf.nn.softmax(x)` applied to a tensor."""
    yield from facts.calls_to(*SOFTMAX_OPS)
    layers = {id(c) for c in facts.calls_to("keras.layers.Activation", "keras.layers.Softmax")}
    for call in facts.index.calls:
        if id(call.func) in layers and describe(facts, call.func).activation == "softmax":
            yield call

