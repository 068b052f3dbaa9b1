from typing import Iterator, Optional

from keraslint.analysis import FileFacts
from keraslint.analysis.calls import anchor, method_name, receiver
from keraslint.analysis.layers import line_of, snippet
from keraslint.analysis.pipelines import Consumer, PixelRange
from keraslint.analysis.pipelines.catalogue import (
    BUILT_IN,
    EXPECTED_INPUT,
    PREPROCESS_MODULE,
    TORCH,
)
from keraslint.rules.base import Invalid, Report, Rule, Valid


class PretrainedInputUnpreprocessed(Rule):
    """
    ## What it does
    Checks for a `keras.applications` model with ImageNet weights (`weights="imagenet"`, the
    default) that receives images which visibly never pass the preprocessing its weights were
    trained with:

    - raw pixels (0-255) fed to a model that expects its `preprocess_input` (ResNet50/101/152
      and VGG16/19: BGR minus the ImageNet means; MobileNet/MobileNetV2, InceptionV3,
      Xception, InceptionResNetV2, NASNet, the ResNetV2 family: [-1, 1]; DenseNet: [0, 1]
      standardized);
    - pixels divided by 255 (`/ 255.0`, `Rescaling(1/255)`, `ImageDataGenerator(rescale=1/255)`)
      fed to any of those, or to a model that rescales its input itself (EfficientNet,
      EfficientNetV2, ConvNeXt, MobileNetV3 with `include_preprocessing=True`, the default):
      those expect raw pixels in 0-255.

    The images are followed from their source (see KL306) through the pipeline and the model
    up to the application. It stays quiet when any step on the way is unknown, when the
    scaling is something else (e.g. `Rescaling(1/127.5, offset=-1)`, the tf mode's own
    scaling), and for `weights=None` or a weights file.

    Real code (Keras examples and guides, TensorFlow docs notebooks, the three wheels): no
    finding (where the analysis follows the images, the pretrained models receive their
    `preprocess_input` or the equivalent `Rescaling`, or are built with `weights=None`).

    ## Why is this bad?
    A pretrained network computes useful features only on inputs distributed like its
    training images. Fed raw 0-255 pixels instead of [-1, 1] (MobileNetV2) the activations of
    its first layers are ~127 times too large, batch-norm statistics no longer match, and the
    predictions are confidently wrong; fine-tuning then spends its steps undoing the mismatch
    and reaches lower accuracy. Nothing raises: the shapes are right.

    ## Example
    ```python
    import keras

    base = keras.applications.MobileNetV2(include_top=False, weights="imagenet",
                                          input_shape=(160, 160, 3))
    base.trainable = False
    train = keras.utils.image_dataset_from_directory("photos", image_size=(160, 160))
    model = keras.Sequential([base, keras.layers.GlobalAveragePooling2D(),
                              keras.layers.Dense(5)])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(train, epochs=5)
    ```

    ## Use instead
    ```python
    import keras

    base = keras.applications.MobileNetV2(include_top=False, weights="imagenet",
                                          input_shape=(160, 160, 3))
    base.trainable = False
    train = keras.utils.image_dataset_from_directory("photos", image_size=(160, 160))
    inputs = keras.Input((160, 160, 3))
    x = keras.applications.mobilenet_v2.preprocess_input(inputs)
    x = keras.layers.GlobalAveragePooling2D()(base(x, training=False))
    model = keras.Model(inputs, keras.layers.Dense(5)(x))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(train, epochs=5)
    ```

    ## Options
    None.

    ## References
    - [Keras: Keras Applications](https://keras.io/api/applications/) ("each Keras Application
      expects a specific kind of input preprocessing")
    - [TensorFlow: Transfer learning and fine-tuning](https://www.tensorflow.org/tutorials/images/transfer_learning#rescale_pixel_values)
    - [Keras source: `imagenet_utils.preprocess_input` modes](https://github.com/keras-team/keras/blob/master/keras/src/applications/imagenet_utils.py)
    """

    CODE = "KL309"
    NAME = "pretrained-input-unpreprocessed"
    SUMMARY = ("A pretrained `keras.applications` model fed images that never pass its "
               "`preprocess_input` (or the scaling it expects).")
    MESSAGE = "{text}"

    def check(self, facts: FileFacts) -> Iterator[Report]:
        pipelines = facts.pipelines
        for call in pipelines.training_calls:
            pixels = pipelines.fed_pixels(call)
            if pixels is None:
                continue
            model = facts.models.model_of(receiver(call), call)
            consumer = pipelines.first_consumer(model, pixels) if model is not None else None
            if consumer is None or consumer.application is None:
                continue
            text = _mismatch(facts, method_name(call) or "fit", consumer)
            if text is not None:
                yield self.report(call, anchor(call), text=text)

    VALID = (
        # preprocess_input inside the model.
        Valid("""
            import keras
            base = keras.applications.MobileNetV2(include_top=False, weights="imagenet")
            train = keras.utils.image_dataset_from_directory("photos", image_size=(224, 224))
            inputs = keras.Input((224, 224, 3))
            x = keras.applications.mobilenet_v2.preprocess_input(inputs)
            outputs = keras.layers.Dense(5)(keras.layers.GlobalAveragePooling2D()(base(x)))
            model = keras.Model(inputs, outputs)
            model.fit(train)
        """),
        # preprocess_input in the pipeline.
        Valid("""
            import tensorflow as tf
            from tensorflow.keras.applications.resnet50 import ResNet50, preprocess_input
            base = ResNet50(include_top=False, weights="imagenet", pooling="avg")
            ds = tf.keras.utils.image_dataset_from_directory("photos", image_size=(224, 224))
            ds = ds.map(lambda x, y: (preprocess_input(x), y))
            model = tf.keras.Sequential([base, tf.keras.layers.Dense(3)])
            model.fit(ds)
        """),
        # EfficientNet rescales inside: raw pixels are what it expects.
        Valid("""
            import keras
            base = keras.applications.EfficientNetB0(include_top=False, weights="imagenet")
            train = keras.utils.image_dataset_from_directory("photos", image_size=(224, 224))
            model = keras.Sequential([base, keras.layers.GlobalAveragePooling2D(),
                                      keras.layers.Dense(5)])
            model.fit(train)
        """),
        # The tf mode's own scaling written as a Rescaling layer.
        Valid("""
            import keras
            base = keras.applications.MobileNetV2(include_top=False, weights="imagenet")
            train = keras.utils.image_dataset_from_directory("photos", image_size=(224, 224))
            model = keras.Sequential([keras.layers.Rescaling(1.0 / 127.5, offset=-1), base,
                                      keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(5)])
            model.fit(train)
        """),
        # Not pretrained.
        Valid("""
            import keras
            base = keras.applications.ResNet50(include_top=False, weights=None)
            train = keras.utils.image_dataset_from_directory("photos", image_size=(224, 224))
            model = keras.Sequential([base, keras.layers.GlobalAveragePooling2D(),
                                      keras.layers.Dense(5)])
            model.fit(train)
        """),
        # Images of unknown range.
        Valid("""
            import keras
            model = keras.applications.ResNet50(weights="imagenet")
            model.predict(load_batch())
        """),
    )
    INVALID = (
        # Raw directory images into MobileNetV2.
        Invalid("""
            import keras
            base = keras.applications.MobileNetV2(include_top=False, weights="imagenet",
                                                  input_shape=(160, 160, 3))
            train = keras.utils.image_dataset_from_directory("photos", image_size=(160, 160))
            model = keras.Sequential([base, keras.layers.GlobalAveragePooling2D(),
                                      keras.layers.Dense(5)])
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
            model.fit(train, epochs=5)
        """, lines=(8,)),
        # A single image from load_img into ResNet50 without preprocess_input.
        Invalid("""
            import numpy as np
            from tensorflow.keras.applications import ResNet50
            from tensorflow.keras.preprocessing import image
            model = ResNet50(weights="imagenet")
            img = image.load_img("cat.jpg", target_size=(224, 224))
            x = np.expand_dims(image.img_to_array(img), axis=0)
            preds = model.predict(x)
        """, lines=(7,)),
        # Divided by 255 for VGG16 (caffe mode expects 0-255 minus the means).
        Invalid("""
            import tensorflow as tf
            (x, y), _ = tf.keras.datasets.cifar10.load_data()
            base = tf.keras.applications.VGG16(include_top=False, input_shape=(32, 32, 3))
            inputs = tf.keras.Input((32, 32, 3))
            h = tf.keras.layers.Flatten()(base(inputs))
            model = tf.keras.Model(inputs, tf.keras.layers.Dense(10)(h))
            model.fit(x / 255.0, y, epochs=3)
        """, lines=(7,)),
        # EfficientNet rescales itself: dividing by 255 first is wrong.
        Invalid("""
            import keras
            (x, y), _ = keras.datasets.cifar10.load_data()
            model = keras.Sequential([keras.layers.Resizing(224, 224), keras.layers.Rescaling(1 / 255),
                                      keras.applications.EfficientNetB0(include_top=False),
                                      keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(10)])
            model.fit(x, y)
        """, lines=(6,)),
    )


def _mismatch(facts: FileFacts, method: str, consumer: Consumer) -> Optional[str]:
    app = consumer.application
    reach = consumer.pixels
    if app is None or app.pretrained is not True or app.mode is None or reach is None:
        return None
    where = f"`{app.name}` (line {line_of(facts, app.node)}, ImageNet weights)"
    expects = EXPECTED_INPUT[app.mode]
    if app.mode == BUILT_IN:
        if not reach.is_unit:
            return None
        return (f"`{method}` feeds {where} images already scaled to [0, 1]{_by(facts, reach)}, "
                f"but this model expects {expects}: it divides by 255 again, so its features "
                f"see images squeezed to 1/255 of their range. Feed the 0-255 pixels unscaled")
    module = PREPROCESS_MODULE.get(app.name, "imagenet_utils")
    fix = (f"apply `keras.applications.{module}.preprocess_input` to the 0-255 pixels (in the "
           f"pipeline, or in the model before `{app.name}`)")
    if reach.is_raw:
        return (f"`{method}` feeds {where} raw pixels in 0-255 ({_origin(facts, reach)}) that "
                f"never pass its `preprocess_input`: its weights expect {expects}. Its features "
                f"are computed on out-of-distribution inputs; {fix}")
    if reach.is_unit:
        extra = " (the mean/std standardization is missing)" if app.mode == TORCH else ""
        return (f"`{method}` feeds {where} pixels scaled to [0, 1]{_by(facts, reach)}{extra}, "
                f"but its weights expect {expects}; {fix} instead of dividing by 255")
    return None


def _origin(facts: FileFacts, pixels: PixelRange) -> str:
    source = pixels.source
    return pixels.origin + (f", line {line_of(facts, source)}" if source is not None else "")


def _by(facts: FileFacts, pixels: PixelRange) -> str:
    node = pixels.scaled_by
    if node is None:
        return ""
    return f" (`{snippet(facts, node, 40)}`, line {line_of(facts, node)})"
