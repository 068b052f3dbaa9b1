from typing import Iterator, Optional

import libcst as cst

from keraslint.analysis import FileFacts
from keraslint.analysis.calls import anchor, method_name, receiver
from keraslint.analysis.layers import line_of, snippet
from keraslint.analysis.models import ModelFact
from keraslint.analysis.pipelines import PixelRange
from keraslint.rules.base import Invalid, Report, Rule, Valid


class UnscaledImageInput(Rule):
    """
    ## What it does
    Checks for raw image pixels (0-255) fed to a model whose first learned layer (`Conv2D`,
    `Dense`, ...) receives them unscaled. Raw pixels are the images of
    `keras.datasets.{mnist,fashion_mnist,cifar10,cifar100}.load_data()`, of
    `image_dataset_from_directory`, of a tfds image data set, of `tf.io.decode_*` in a `map`,
    of `ImageDataGenerator().flow_from_directory` without `rescale`, of `load_img`; they are
    followed through variables, `astype`, reshapes, `from_tensor_slices` and `map` functions.

    It stays quiet when the scaling may happen anywhere it cannot see: any arithmetic on the
    pixels (`/ 255.0`, a mean subtraction), a `Rescaling` or `Normalization` or
    `BatchNormalization` layer before the first learned layer, a `map` function or layer it
    cannot read (a `Lambda`, a custom layer, a subclassed model), `ImageDataGenerator` options
    that scale. A `keras.applications` model as the first learned layer is KL309's.

    `evaluate`/`predict` are reported when they feed raw pixels to a model that `fit` trained
    on scaled ones; `fit` on raw pixels is reported at the `fit`.

    Real code (`scripts/realcode.py`: Keras examples and guides, TensorFlow docs notebooks, the
    three wheels): 1 finding, true: a keras-io segmentation example's images go through
    `decode_png`, `resize` (float32 from then on) and `convert_image_dtype(..., "float32")`,
    which does not scale floats, into a U-Net's first convolution.

    ## Why is this bad?
    Inputs of several hundred make the first layer's pre-activations hundreds of times larger
    than its initializer was scaled for (Glorot and He assume inputs of unit scale): ReLUs
    saturate or die, softmax outputs are one-hot from the start and gradients are huge, so
    training diverges or crawls; models that train at all reach lower accuracy. Evaluating a
    model trained on [0, 1] with 0-255 images gives near-chance accuracy.

    ## Example
    ```python
    import keras

    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(),
                              keras.layers.Dense(128, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x_train, y_train, epochs=5)
    ```

    ## Use instead
    ```python
    import keras

    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    model = keras.Sequential([keras.Input((28, 28)), keras.layers.Rescaling(1 / 255),
                              keras.layers.Flatten(),
                              keras.layers.Dense(128, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x_train, y_train, epochs=5)
    ```

    ## Options
    None.

    ## References
    - [TensorFlow: Basic classification](https://www.tensorflow.org/tutorials/keras/classification#preprocess_the_data)
      ("scale these values to a range of 0 to 1 before feeding them to the neural network")
    - [Keras: Rescaling layer](https://keras.io/api/layers/preprocessing_layers/image_preprocessing/rescaling/)
    """

    CODE = "KL306"
    NAME = "unscaled-image-input"
    SUMMARY = "Raw image pixels (0-255) fed to a model whose first learned layer sees them unscaled."
    MESSAGE = "{text}"

    def check(self, facts: FileFacts) -> Iterator[Report]:
        pipelines = facts.pipelines
        for call in pipelines.training_calls:
            pixels = pipelines.fed_pixels(call)
            if pixels is None or not pixels.is_raw:
                continue
            model = facts.models.model_of(receiver(call), call)
            if model is None:
                continue
            consumer = pipelines.first_consumer(model, pixels)
            if consumer is None or consumer.application is not None or \
                    consumer.pixels is None or not consumer.pixels.is_raw:
                continue
            method = method_name(call)
            fed = _fed_text(facts, call, pixels)
            layer = f"`{snippet(facts, consumer.node, 50)}` (line {line_of(facts, consumer.node)})"
            if method == "fit":
                text = (f"`fit` feeds {fed} to the model unscaled: its first learned layer "
                        f"{layer} receives inputs up to 255 instead of about 1, so its "
                        f"pre-activations are up to 255 times larger than its initializer was "
                        f"scaled for (saturating or dead units, large gradients). Scale the "
                        f"images to [0, 1] (`/ 255.0`) or start the model with "
                        f"`Rescaling(1 / 255)`")
            else:
                trained = _trained_on(facts, model, call)
                if trained is None:
                    continue
                text = (f"`{method}` feeds {fed} to a model that `fit` trained on pixels "
                        f"{trained[0].describe()} (line {trained[1]}): its first learned layer "
                        f"{layer} sees inputs up to 255 times larger than in training. Scale "
                        f"them the same way as the training images")
            yield self.report(call, anchor(call), text=text)

    VALID = (
        Valid("""
            import keras
            (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
            x_train, x_test = x_train / 255.0, x_test / 255.0
            model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)])
            model.fit(x_train, y_train)
            model.evaluate(x_test, y_test)
        """),
        # Rescaling inside the model.
        Valid("""
            import tensorflow as tf
            train = tf.keras.utils.image_dataset_from_directory("photos", image_size=(64, 64))
            model = tf.keras.Sequential([tf.keras.layers.Rescaling(1.0 / 255),
                                         tf.keras.layers.Conv2D(16, 3, activation="relu"),
                                         tf.keras.layers.Flatten(), tf.keras.layers.Dense(3)])
            model.fit(train, epochs=3)
        """),
        # Scaled in the pipeline's map.
        Valid("""
            import tensorflow as tf
            (x, y), _ = tf.keras.datasets.cifar10.load_data()
            ds = tf.data.Dataset.from_tensor_slices((x, y))
            ds = ds.map(lambda img, label: (tf.cast(img, tf.float32) / 255.0, label)).batch(64)
            model = tf.keras.Sequential([tf.keras.layers.Conv2D(32, 3), tf.keras.layers.Flatten(),
                                         tf.keras.layers.Dense(10)])
            model.fit(ds)
        """),
        # Scaled in place (an augmented assignment): the rule cannot follow it and stays quiet.
        Valid("""
            import keras
            (x_train, y_train), _ = keras.datasets.fashion_mnist.load_data()
            x_train = x_train.astype("float32")
            x_train /= 255
            model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)])
            model.fit(x_train, y_train)
        """),
        # A map function it cannot read.
        Valid("""
            import tensorflow as tf
            from mylib import preprocess
            ds = tf.keras.utils.image_dataset_from_directory("photos").map(preprocess)
            model = tf.keras.Sequential([tf.keras.layers.Conv2D(8, 3), tf.keras.layers.Flatten(),
                                         tf.keras.layers.Dense(2)])
            model.fit(ds)
        """),
        # BatchNormalization first normalizes the input.
        Valid("""
            import keras
            (x, y), _ = keras.datasets.mnist.load_data()
            model = keras.Sequential([keras.layers.Reshape((28, 28, 1)),
                                      keras.layers.BatchNormalization(),
                                      keras.layers.Conv2D(8, 3), keras.layers.Flatten(),
                                      keras.layers.Dense(10)])
            model.fit(x, y)
        """),
        # A model trained on raw pixels evaluated on raw pixels: reported once, at fit... and
        # here the fit is scaled by an ImageDataGenerator's rescale.
        Valid("""
            from tensorflow.keras.preprocessing.image import ImageDataGenerator
            from tensorflow import keras
            gen = ImageDataGenerator(rescale=1.0 / 255, horizontal_flip=True)
            train = gen.flow_from_directory("train", target_size=(64, 64))
            model = keras.Sequential([keras.layers.Conv2D(8, 3), keras.layers.Flatten(),
                                      keras.layers.Dense(2)])
            model.fit(train, epochs=2)
        """),
        # A pretrained application first: KL309's question.
        Valid("""
            import keras
            base = keras.applications.ResNet50(include_top=False, weights="imagenet")
            train = keras.utils.image_dataset_from_directory("photos", image_size=(224, 224))
            model = keras.Sequential([base, keras.layers.GlobalAveragePooling2D(),
                                      keras.layers.Dense(5)])
            model.fit(train)
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
            model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(),
                                      keras.layers.Dense(128, activation="relu"),
                                      keras.layers.Dense(10, activation="softmax")])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            model.fit(x_train, y_train, epochs=5)
        """, lines=(7,)),
        # Trained on scaled images, evaluated on raw ones.
        Invalid("""
            import tensorflow as tf
            (x_train, y_train), (x_test, y_test) = tf.keras.datasets.cifar10.load_data()
            model = tf.keras.Sequential([tf.keras.layers.Conv2D(32, 3, activation="relu"),
                                         tf.keras.layers.Flatten(), tf.keras.layers.Dense(10)])
            model.fit(x_train / 255.0, y_train, epochs=10)
            model.evaluate(x_test, y_test)
        """, lines=(6,)),
        # A directory dataset into a model without Rescaling.
        Invalid("""
            import tensorflow as tf
            train_ds = tf.keras.utils.image_dataset_from_directory("flowers", image_size=(180, 180))
            model = tf.keras.Sequential([
                tf.keras.layers.RandomFlip("horizontal"),
                tf.keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
                tf.keras.layers.MaxPooling2D(),
                tf.keras.layers.Flatten(),
                tf.keras.layers.Dense(5),
            ])
            model.fit(train_ds, epochs=10)
        """, lines=(10,)),
        # Cast but never scaled, through a pipeline and a functional model.
        Invalid("""
            import tensorflow as tf
            from tensorflow import keras
            (x, y), _ = keras.datasets.fashion_mnist.load_data()
            def to_float(image, label):
                return tf.cast(image, tf.float32)[..., None], label
            ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(60000).map(to_float).batch(64)
            inputs = keras.Input((28, 28, 1))
            h = keras.layers.Conv2D(32, 3, activation="relu")(inputs)
            outputs = keras.layers.Dense(10)(keras.layers.Flatten()(h))
            model = keras.Model(inputs, outputs)
            model.fit(ds, epochs=5)
        """, lines=(11,)),
    )


def _fed_text(facts: FileFacts, call: cst.Call, pixels: PixelRange) -> str:
    source = pixels.source
    where = f", line {line_of(facts, source)}" if source is not None else ""
    return f"raw pixels in 0-255 ({pixels.origin}{where})"


def _trained_on(facts: FileFacts, model: ModelFact, call: cst.Call
                ) -> Optional[tuple[PixelRange, int]]:
    """The known, scaled pixels a `fit` of the same model (before `call`) trained on."""
    order = facts.call_order
    for fit, pixels in facts.pipelines.fits_of(model):
        if order[fit] < order[call] and not pixels.is_raw and (
                pixels.lo is not None or pixels.changed or pixels.preprocessed):
            return pixels, line_of(facts, fit)
    return None
