import libcst as cst

from keraslint.analysis import calls
from keraslint.analysis.layers import layer_kind, snippet
from keraslint.analysis.models import SEQUENTIAL, node_text
from keraslint.rules.base import Invalid, Rule, Valid

_KEYWORDS = ("input_shape", "input_dim", "batch_input_shape", "batch_shape")


class InputShapeMisplaced(Rule):
    """
    ## What it does
    Checks for `input_shape=`, `input_dim=` or `batch_input_shape=` on a layer that is not the
    first layer of its model: a later item of a `Sequential` list or `.add` chain, or a layer
    of a functional or subclassed model applied to another layer's output.

    ## Why is this bad?
    Only a `Sequential` model's first layer turns its `input_shape` into the model's input;
    on any other layer Keras ignores the argument (Keras 3 also warns "Do not pass an
    `input_shape`/`input_dim` argument to a layer"). The shape the author wrote is never
    checked: it often documents a belief about the data that is no longer true, or shows that
    the layers were reordered and the real first layer lost its input shape, so the model is
    built lazily from whatever data arrives.

    ## Example
    ```python
    import keras

    model = keras.Sequential([
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(32, activation="relu", input_shape=(20,)),
        keras.layers.Dense(1),
    ])
    ```

    ## Use instead
    ```python
    import keras

    model = keras.Sequential([
        keras.Input((20,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(1),
    ])
    ```

    ## Real code
    On the pinned real-code corpora (`scripts/realcode.py`: the Keras examples and guides,
    TensorFlow's tutorial and guide notebooks, the tf-models-official, keras-hub and keras
    wheels), 1 finding, intended (Keras' own test that a non-first layer's `input_shape` is
    ignored); none false (precision 100 %). An `Embedding`'s `input_dim` (its vocabulary) is
    not an input shape and is not reported.

    ## Options
    None.

    ## References
    - [Keras: the Sequential model, specifying the input shape in advance](https://keras.io/guides/sequential_model/#specifying-the-input-shape-in-advance)
    """

    CODE = "KL503"
    NAME = "input-shape-misplaced"
    SUMMARY = "`input_shape`/`input_dim` on a layer that is not the first."
    MESSAGE = ("`{argument}` on {layer} is ignored: the layer is not the model's first, it "
               "receives {source}. Declare the input on the first layer (or with "
               "`keras.Input(...)`) and remove it here")

    def check(self, facts):
        reported: set[int] = set()
        for fact in facts.models.graphs:
            if fact.model is None:
                continue
            graph = fact.graph
            sequential = fact.model.style == SEQUENTIAL
            own_frame = graph.inputs[0].frame if graph.inputs else None
            for node in graph.layer_nodes():
                call = node.info.node
                if id(call) in reported or not isinstance(call, cst.Call):
                    continue
                kind = layer_kind(facts, call)
                if kind is None:
                    continue
                arg = next((a for k in _KEYWORDS if (a := calls.argument(call, k)) is not None
                            and not (k == "input_dim" and kind == "Embedding")), None)
                if arg is None:
                    continue
                if sequential:
                    if node.frame is not own_frame or not _later_in_chain(node):
                        continue
                elif all(source.is_input for source in node.inputs) or any(
                        source.opaque for source in node.inputs):
                    continue
                reported.add(id(call))
                source = node.inputs[0]
                written = f"{arg.keyword.value}={snippet(facts, arg.value, 30)}"
                yield self.report(arg, argument=written,
                                  layer=node_text(facts, node),
                                  source=f"the output of {node_text(facts, source)}")

    VALID = (
        Valid("""
            import keras
            model = keras.Sequential([
                keras.layers.Dense(64, activation="relu", input_shape=(20,)),
                keras.layers.Dense(1),
            ])
        """),
        Valid("""
            from tensorflow.keras.models import Sequential
            from tensorflow.keras.layers import Dense
            model = Sequential()
            model.add(Dense(12, input_dim=8, activation="relu"))
            model.add(Dense(1, activation="sigmoid"))
        """),
        # Functional: a layer applied to the Input itself.
        Valid("""
            import keras
            inputs = keras.Input((20,))
            x = keras.layers.Dense(64, input_shape=(20,))(inputs)
            model = keras.Model(inputs, keras.layers.Dense(1)(x))
        """),
        # A layer added under a condition before it: it may well be the first.
        Valid("""
            import keras
            model = keras.Sequential()
            if augment:
                model.add(keras.layers.GaussianNoise(0.1))
            model.add(keras.layers.Dense(32, input_shape=(10,)))
        """),
        # Embedding's `input_dim` is its vocabulary size, not an input shape.
        Valid("""
            import keras
            model = keras.Sequential([keras.layers.StringLookup(vocabulary=["a", "b"]),
                                      keras.layers.Embedding(input_dim=3, output_dim=8)])
        """),
        # A nested Sequential's own first layer.
        Valid("""
            import keras
            head = keras.Sequential([keras.layers.Dense(8, input_shape=(16,))])
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(16), head])
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            model = keras.Sequential([
                keras.layers.Dense(64, activation="relu"),
                keras.layers.Dense(32, activation="relu", input_shape=(20,)),
                keras.layers.Dense(1),
            ])
        """, lines=(4,)),
        Invalid("""
            from tensorflow.keras.models import Sequential
            from tensorflow.keras.layers import Dense, Dropout
            model = Sequential()
            model.add(Dense(64, input_dim=20, activation="relu"))
            model.add(Dropout(0.5))
            model.add(Dense(64, activation="relu",
                            input_dim=20))
            model.add(Dense(1, activation="sigmoid"))
        """, lines=(7,)),
        Invalid("""
            import tensorflow as tf
            inputs = tf.keras.Input((32, 32, 3))
            x = tf.keras.layers.Conv2D(16, 3)(inputs)
            x = tf.keras.layers.Flatten(input_shape=(30, 30, 16))(x)
            model = tf.keras.Model(inputs, x)
        """, lines=(4,)),
    )


def _later_in_chain(node) -> bool:
    """A `Sequential` item with certain layers (no opaque item) before it."""
    previous = node.inputs[0] if node.inputs else None
    if previous is None or previous.is_input:
        return False
    while previous is not None and not previous.is_input:
        if previous.opaque:
            return False
        previous = previous.inputs[0] if previous.inputs else None
    return True
