from keraslint.analysis import calls
from keraslint.analysis.layers import line_of, snippet
from keraslint.analysis.shapes import describe_shape
from keraslint.rules.base import Invalid, Rule, Valid

_FEEDING = ("fit", "evaluate", "predict", "train_on_batch", "test_on_batch", "predict_on_batch")


class InputShapeVsData(Rule):
    """
    ## What it does
    Checks that the input shape a model declares (`keras.Input(shape=...)`, a first layer's
    `input_shape=`/`input_dim=`, `model.build(...)`) agrees with the statically known shape
    of the data `fit`/`evaluate`/`predict` feed it: NumPy arrays whose shape the code fixes
    (constructors, `reshape`, bundled data sets such as `mnist`), `tf.data` pipelines over
    them (`from_tensor_slices(...).batch(...)`), and directory datasets
    (`image_dataset_from_directory(image_size=..., color_mode=...)`, `flow_from_directory`).

    Unknown dimensions are not compared, and a missing or extra trailing axis of size 1
    (`(28, 28)` data for a `(28, 28, 1)` input) is not reported: Keras adds or drops it.

    ## Why is this bad?
    A model that flattens its input fails when the first batch arrives, often after minutes
    of loading ("Input 0 of layer 'dense' is incompatible with the layer: expected axis -1 of
    input shape to have value 67500, but received input with shape (32, 97200)"). Worse, a
    fully convolutional model with global pooling accepts images of any size: Keras 3 runs it
    without a word (tf_keras only warns "Model was constructed with shape (None, 150, 150, 3)
    ... but it was called on an input with incompatible shape"), so it trains at a
    resolution its design, and any pretrained weights, did not plan for.

    ## Example
    ```python
    import keras

    train = keras.utils.image_dataset_from_directory("data/train", image_size=(180, 180))
    model = keras.Sequential([keras.Input((150, 150, 3)), keras.layers.Conv2D(16, 3),
                              keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(5)])
    model.fit(train, epochs=10)
    ```

    ## Use instead
    ```python
    import keras

    train = keras.utils.image_dataset_from_directory("data/train", image_size=(150, 150))
    model = keras.Sequential([keras.Input((150, 150, 3)), keras.layers.Conv2D(16, 3),
                              keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(5)])
    model.fit(train, epochs=10)
    ```

    ## Real code
    On the pinned real-code corpora (`scripts/realcode.py`: the Keras examples and guides,
    TensorFlow's tutorial and guide notebooks, the tf-models-official, keras-hub and keras
    wheels), no finding (their data comes from files and pipelines with `map`, whose shapes are
    not known statically).

    ## Options
    None.

    ## References
    - [Keras: the Input object](https://keras.io/api/layers/core_layers/input/)
    - [Keras: image_dataset_from_directory](https://keras.io/api/data_loading/image/)
    """

    CODE = "KL507"
    NAME = "input-shape-vs-data"
    SUMMARY = ("The model's declared input shape contradicts the statically known shape of the "
               "data fed to it.")
    MESSAGE = ("`{method}` feeds the model `{data}` of shape {fed}, but its input is declared "
               "as {declared} ({where}, line {line}): {difference}. Make the data and the "
               "declared input agree (reshape or resize the data, or fix the declared shape)")

    def check(self, facts):
        for method in _FEEDING:
            for call in facts.method_calls(method):
                model = facts.models.model_of(calls.receiver(call), call)
                if model is None:
                    continue
                declaration = facts.shapes.input_declaration(model)
                data = calls.argument_value(call, "x", 0)
                if declaration is None or data is None:
                    continue
                declared, node = declaration
                fed = facts.shapes.features_shape(data)
                if fed is None:
                    continue
                difference = _difference(tuple(declared[1:]), tuple(fed[1:]))
                if difference is None:
                    continue
                yield self.report(call, anchor=calls.anchor(call), method=method,
                                  data=snippet(facts, data, 40),
                                  fed=describe_shape(fed), declared=describe_shape(declared),
                                  where=f"`{snippet(facts, node, 50)}`",
                                  line=line_of(facts, node), difference=difference)

    VALID = (
        Valid("""
            import keras
            (x_train, y_train), _ = keras.datasets.mnist.load_data()
            model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(),
                                      keras.layers.Dense(10, activation="softmax")])
            model.compile(loss="sparse_categorical_crossentropy")
            model.fit(x_train / 255.0, y_train)
        """),
        # Keras adds the trailing channel axis of size 1 itself.
        Valid("""
            import keras
            (x_train, y_train), _ = keras.datasets.mnist.load_data()
            model = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(8, 3),
                                      keras.layers.Flatten(), keras.layers.Dense(10)])
            model.fit(x_train, y_train)
        """),
        # Variable-size input.
        Valid("""
            import keras
            train = keras.utils.image_dataset_from_directory("d", image_size=(180, 180))
            model = keras.Sequential([keras.Input((None, None, 3)), keras.layers.Conv2D(8, 3),
                                      keras.layers.GlobalMaxPooling2D(), keras.layers.Dense(2)])
            model.fit(train)
        """),
        # The data is resized in a map(): its shape is unknown here.
        Valid("""
            import tensorflow as tf
            train = tf.keras.utils.image_dataset_from_directory("d", image_size=(256, 256))
            train = train.map(lambda x, y: (tf.image.resize(x, (150, 150)), y))
            model = tf.keras.Sequential([tf.keras.Input((150, 150, 3)),
                                         tf.keras.layers.GlobalAveragePooling2D()])
            model.fit(train)
        """),
        # The data comes from a file.
        Valid("""
            import numpy as np
            import keras
            x = np.load("features.npy")
            model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(1)])
            model.fit(x, np.zeros(len(x)))
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            train = keras.utils.image_dataset_from_directory("data/train", image_size=(180, 180))
            model = keras.Sequential([keras.Input((150, 150, 3)), keras.layers.Conv2D(16, 3),
                                      keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(5)])
            model.compile(loss="sparse_categorical_crossentropy")
            model.fit(train, epochs=10)
        """, lines=(6,)),
        Invalid("""
            import numpy as np
            import tensorflow as tf
            x_train = np.random.rand(1000, 784).astype("float32")
            y_train = np.random.randint(0, 10, size=(1000,))
            model = tf.keras.Sequential([
                tf.keras.layers.Conv2D(32, 3, activation="relu", input_shape=(28, 28, 1)),
                tf.keras.layers.Flatten(),
                tf.keras.layers.Dense(10, activation="softmax"),
            ])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            model.fit(x_train, y_train, epochs=5)
        """, lines=(11,)),
        Invalid("""
            import numpy as np
            import keras
            x = np.zeros((500, 20))
            inputs = keras.Input(shape=(16,))
            model = keras.Model(inputs, keras.layers.Dense(1)(inputs))
            model.compile(loss="mse")
            model.predict(x)
        """, lines=(7,)),
        # A batched tf.data pipeline over arrays.
        Invalid("""
            import numpy as np
            import tensorflow as tf
            images = np.zeros((200, 64, 64, 3), dtype="float32")
            labels = np.zeros((200,), dtype="int64")
            ds = tf.data.Dataset.from_tensor_slices((images, labels)).shuffle(200).batch(16)
            model = tf.keras.Sequential([tf.keras.Input((32, 32, 3)), tf.keras.layers.Flatten(),
                                         tf.keras.layers.Dense(2)])
            model.fit(ds, epochs=3)
        """, lines=(8,)),
    )


def _difference(declared: tuple, fed: tuple):
    """How the shapes disagree (sample/batch dimension excluded), or None if they may agree."""
    if len(declared) == len(fed) + 1 and declared[-1] == 1:
        declared = declared[:-1]  # Keras expands a missing trailing axis of size 1
    elif len(fed) == len(declared) + 1 and fed[-1] == 1:
        fed = fed[:-1]  # ... and squeezes an extra one
    if len(declared) != len(fed):
        return (f"the model expects {len(declared) + 1}-D batches, the data has "
                f"{len(fed) + 1} dimensions")
    for axis, (want, got) in enumerate(zip(declared, fed), start=1):
        if want is not None and got is not None and want != got:
            return f"axis {axis} is {got} in the data but {want} in the model"
    return None
