from keraslint.analysis.layers import line_of, snippet
from keraslint.analysis.losses import CATEGORICAL_KINDS, SPARSE
from keraslint.rules.base import Invalid, Rule, Valid


class OutputUnitsMismatch(Rule):
    """
    ## What it does
    Checks that a classifier's output layer has as many units as the classes its labels have,
    as the code states them: `to_categorical(y, num_classes=7)`, `tf.one_hot(y, 7)`,
    `np.eye(7)[y]`, a literal class list (`num_classes = len(CLASS_NAMES)`,
    `image_dataset_from_directory(class_names=[...])`), integer labels whose largest value the
    code fixes (`np.random.randint(0, 7, n)`, a literal array) or a bundled data set (`mnist`:
    10, `cifar100`: 100). Only multi-class cross-entropies are checked, with the labels `fit`
    (or a custom loop's loss) receives.

    ## Why is this bad?
    With one-hot labels of width 7 and 6 output units the loss fails ("Arguments `target`
    and `output` must have the same shape"), or, when the two broadcast, computes something
    meaningless. With integer labels up to 6 and 6 units, `SparseCategoricalCrossentropy`
    meets a label outside `[0, 6)`: TensorFlow on CPU stops with "Received a label value of 6
    which is outside the valid range", GPUs and other backends return NaN or silently wrong
    losses. A model with more units than stated classes trains, but spends capacity on classes
    that never occur and can predict them.

    ## Example
    ```python
    import keras

    y_train = keras.utils.to_categorical(labels, num_classes=7)
    model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(6, activation="softmax")])
    model.compile(loss="categorical_crossentropy")
    model.fit(x_train, y_train)
    ```

    ## Use instead
    ```python
    import keras

    NUM_CLASSES = 7
    y_train = keras.utils.to_categorical(labels, num_classes=NUM_CLASSES)
    model = keras.Sequential([keras.Input((64,)),
                              keras.layers.Dense(NUM_CLASSES, activation="softmax")])
    model.compile(loss="categorical_crossentropy")
    model.fit(x_train, y_train)
    ```

    ## Real code
    On the pinned real-code corpora (`scripts/realcode.py`: the Keras examples and guides,
    TensorFlow's tutorial and guide notebooks, the tf-models-official, keras-hub and keras
    wheels), no finding (their class counts come from files and data sets the code does not
    state statically).

    ## Options
    None.

    ## References
    - [Keras: SparseCategoricalCrossentropy](https://keras.io/api/losses/probabilistic_losses/#sparsecategoricalcrossentropy-class)
    - [Keras: to_categorical](https://keras.io/api/utils/python_utils/#tocategorical-function)
    """

    CODE = "KL209"
    NAME = "output-units-mismatch"
    SUMMARY = ("The output layer's unit count differs from the number of classes the code "
               "states.")
    MESSAGE = ("The output layer {layer} has {units} unit{s}{target}, but the labels have "
               "{count} classes ({how}, line {line}): {effect}. Give the output layer {count} "
               "units (one per class)")

    def check(self, facts):
        reported: set[int] = set()
        for use in facts.models.loss_uses:
            output = use.output
            kind = use.loss.kind
            if output is None or output.units is None or output.units_layer is None:
                continue
            if kind not in CATEGORICAL_KINDS and kind != SPARSE:
                continue
            layer = output.units_layer.node
            if id(layer) in reported:
                continue
            for labels in use.labels:
                found = facts.shapes.class_count(labels)
                if found is None or found.count == output.units:
                    continue
                one_hot = kind in CATEGORICAL_KINDS
                if not found.exact and (one_hot or output.units > found.count):
                    continue  # only "at least": more units than the largest label is fine
                reported.add(id(layer))
                yield self.report(
                    layer, layer=f"`{snippet(facts, layer)}` (line {line_of(facts, layer)})",
                    units=output.units, s="" if output.units == 1 else "s",
                    target=f" ({use.output_label})" if use.output_label else "",
                    count=found.count, how=found.how, line=line_of(facts, found.node),
                    effect=_effect(one_hot, output.units, found.count))
                break

    VALID = (
        Valid("""
            import keras
            NUM_CLASSES = 7
            y_train = keras.utils.to_categorical(labels, num_classes=NUM_CLASSES)
            model = keras.Sequential([keras.Input((64,)),
                                      keras.layers.Dense(NUM_CLASSES, activation="softmax")])
            model.compile(loss="categorical_crossentropy")
            model.fit(x_train, y_train)
        """),
        Valid("""
            import keras
            (x_train, y_train), _ = keras.datasets.mnist.load_data()
            model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(),
                                      keras.layers.Dense(10, activation="softmax")])
            model.compile(loss="sparse_categorical_crossentropy")
            model.fit(x_train, y_train)
        """),
        # The class count is not known statically.
        Valid("""
            import keras
            import numpy as np
            y = keras.utils.to_categorical(labels)
            model = keras.Sequential([keras.Input((8,)),
                                      keras.layers.Dense(4, activation="softmax")])
            model.compile(loss="categorical_crossentropy")
            model.fit(x, y)
        """),
        # Integer labels up to 4 with 10 units: more units than the largest label needs.
        Valid("""
            import numpy as np
            import keras
            y = np.random.randint(0, 5, size=(100,))
            model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(10)])
            model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
            model.fit(np.random.rand(100, 8), y)
        """),
        # A binary output is not a class count (KL204's business).
        Valid("""
            import keras
            y = keras.utils.to_categorical(labels, 2)
            model = keras.Sequential([keras.Input((8,)),
                                      keras.layers.Dense(1, activation="sigmoid")])
            model.compile(loss="binary_crossentropy")
            model.fit(x, y)
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            y_train = keras.utils.to_categorical(labels, num_classes=7)
            model = keras.Sequential([keras.Input((64,)),
                                      keras.layers.Dense(6, activation="softmax")])
            model.compile(loss="categorical_crossentropy")
            model.fit(x_train, y_train)
        """, lines=(4,)),
        # Sparse labels from mnist (10 classes) on a 9-unit head.
        Invalid("""
            import tensorflow as tf
            (x_train, y_train), _ = tf.keras.datasets.mnist.load_data()
            model = tf.keras.Sequential([
                tf.keras.layers.Flatten(input_shape=(28, 28)),
                tf.keras.layers.Dense(128, activation="relu"),
                tf.keras.layers.Dense(9),
            ])
            model.compile(loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
            model.fit(x_train, y_train, epochs=5)
        """, lines=(6,)),
        # A literal class list and a directory dataset.
        Invalid("""
            import keras
            CLASS_NAMES = ["daisy", "dandelion", "roses", "sunflowers", "tulips"]
            train = keras.utils.image_dataset_from_directory(
                "flowers", class_names=CLASS_NAMES, label_mode="categorical")
            inputs = keras.Input((256, 256, 3))
            x = keras.layers.GlobalAveragePooling2D()(inputs)
            outputs = keras.layers.Dense(4, activation="softmax")(x)
            model = keras.Model(inputs, outputs)
            model.compile(optimizer="adam", loss="categorical_crossentropy")
            model.fit(train, epochs=3)
        """, lines=(7,)),
    )


def _effect(one_hot: bool, units: int, count: int) -> str:
    if one_hot:
        return (f"the loss compares {count}-wide one-hot rows with {units}-wide predictions, "
                "a shape error or, where they broadcast, a meaningless loss")
    if units < count:
        return (f"labels {units} to {count - 1} lie outside the output's range, so the sparse "
                "cross-entropy fails (TensorFlow on CPU) or returns NaN or wrong losses")
    return f"{units - count} of the units stand for classes that never occur"
