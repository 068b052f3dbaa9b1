from keraslint.analysis.layers import line_of
from keraslint.rules.base import Invalid, Rule, Valid


class FrozenBaseBatchnorm(Rule):
    """
    ## What it does
    Checks for a pretrained `keras.applications` base with BatchNormalization layers (ResNet,
    Inception, Xception, MobileNet, DenseNet, NASNet, EfficientNet, RegNet) that is frozen
    (`base.trainable = False`), called as a layer without `training=False`
    (`x = base(inputs)`), and later unfrozen (`base.trainable = True`) and trained.

    ## Why is this bad?
    While the base is frozen its BatchNormalization layers run in inference mode, so the
    head learns on features normalised with the pretrained statistics. Once the base is
    unfrozen, a base called without `training=False` runs them in training mode under `fit`:
    they normalise each batch with its own statistics and overwrite the pretrained moving mean
    and variance with those of a small data set. The features the head was trained on shift
    at once, and the first fine-tuning epochs undo much of the transfer. The Keras
    transfer-learning guide: "when you unfreeze a model that contains BatchNormalization
    layers in order to do fine-tuning, you should keep the BatchNormalization layers in
    inference mode by passing `training=False` when calling the base model".

    The guide's own pattern (`x = base_model(inputs, training=False)`) is the correct
    near-miss; a base trained from the start (never frozen), a base without BatchNormalization
    (VGG16/19), a base built with `weights=None`, one never unfrozen, and layers unfrozen one
    by one in a loop (typically keeping BatchNormalization frozen) are not reported.

    Only calls on symbolic tensors count (the input traced back to `keras.Input`): a call on a
    batch of data, to print the feature shape, is not the model's.

    Measured on real code (Keras examples, TensorFlow docs, tf-models-official, keras-hub,
    keras): no finding; the examples that fine-tune pass `training=False`.

    ## Example
    ```python
    base = keras.applications.ResNet50(include_top=False, weights="imagenet")
    base.trainable = False
    inputs = keras.Input((224, 224, 3))
    x = base(inputs)
    ...
    base.trainable = True
    model.compile(optimizer=keras.optimizers.Adam(1e-5), loss="binary_crossentropy")
    model.fit(train_ds, epochs=5)
    ```

    ## Use instead
    ```python
    x = base(inputs, training=False)
    ```

    ## Options
    None.

    ## References
    - [Keras: transfer learning and fine-tuning](https://keras.io/guides/transfer_learning/#an-endtoend-example-finetuning-an-image-classification-model-on-a-cats-vs-dogs-dataset)
    """

    CODE = "KL805"
    NAME = "frozen-base-batchnorm"
    SUMMARY = "A frozen pretrained base called without `training=False` while fine-tuning."
    MESSAGE = ("`{base}` ({family}, pretrained, with BatchNormalization layers) is called here "
               "without `training=False`; it is frozen on line {frozen} and unfrozen on line "
               "{unfrozen}, so the `fit` on line {fit} runs its BatchNormalization layers in "
               "training mode: they normalise with each batch's statistics and overwrite the "
               "pretrained moving mean and variance. Call it as `{base}(..., training=False)`")

    def check(self, facts):
        for base in facts.lifecycle.fine_tuned_bases:
            yield self.report(base.call, base=base.binding.name, family=base.name,
                              frozen=line_of(facts, base.frozen.statement),
                              unfrozen=line_of(facts, base.unfrozen.statement),
                              fit=line_of(facts, base.fit.func))

    VALID = (
        # The transfer-learning guide's pattern.
        Valid("""
            import keras
            base = keras.applications.Xception(weights="imagenet", include_top=False)
            base.trainable = False
            inputs = keras.Input((150, 150, 3))
            x = base(inputs, training=False)
            outputs = keras.layers.Dense(1)(keras.layers.GlobalAveragePooling2D()(x))
            model = keras.Model(inputs, outputs)
            model.compile(optimizer="adam", loss="binary_crossentropy")
            model.fit(train_ds, epochs=5)
            base.trainable = True
            model.compile(optimizer=keras.optimizers.Adam(1e-5), loss="binary_crossentropy")
            model.fit(train_ds, epochs=5)
        """),
        # Frozen and never unfrozen: frozen BatchNormalization runs in inference mode.
        Valid("""
            import keras
            base = keras.applications.ResNet50(include_top=False)
            base.trainable = False
            inputs = keras.Input((224, 224, 3))
            outputs = keras.layers.Dense(3)(keras.layers.GlobalAveragePooling2D()(base(inputs)))
            model = keras.Model(inputs, outputs)
            model.compile(optimizer="adam", loss="categorical_crossentropy")
            model.fit(train_ds, epochs=5)
        """),
        # VGG16 has no BatchNormalization.
        Valid("""
            import keras
            base = keras.applications.VGG16(include_top=False)
            base.trainable = False
            inputs = keras.Input((224, 224, 3))
            outputs = keras.layers.Dense(3)(keras.layers.Flatten()(base(inputs)))
            model = keras.Model(inputs, outputs)
            model.compile(optimizer="adam", loss="categorical_crossentropy")
            model.fit(train_ds, epochs=5)
            base.trainable = True
            model.compile(optimizer="adam", loss="categorical_crossentropy")
            model.fit(train_ds, epochs=5)
        """),
        # Not pretrained.
        Valid("""
            import keras
            base = keras.applications.ResNet50(include_top=False, weights=None)
            base.trainable = False
            inputs = keras.Input((224, 224, 3))
            outputs = keras.layers.Dense(3)(keras.layers.Flatten()(base(inputs)))
            model = keras.Model(inputs, outputs)
            model.compile(optimizer="adam", loss="categorical_crossentropy")
            model.fit(train_ds, epochs=5)
            base.trainable = True
            model.compile(optimizer="adam", loss="categorical_crossentropy")
            model.fit(train_ds, epochs=5)
        """),
        # A call on concrete data (to print the feature shape) is not the model's layer call;
        # the model itself calls the base with training=False (the TensorFlow tutorial).
        Valid("""
            import tensorflow as tf
            base_model = tf.keras.applications.MobileNetV2(include_top=False, weights="imagenet")
            image_batch, label_batch = next(iter(train_dataset))
            feature_batch = base_model(image_batch)
            base_model.trainable = False
            inputs = tf.keras.Input(shape=(160, 160, 3))
            x = base_model(inputs, training=False)
            model = tf.keras.Model(inputs, tf.keras.layers.Dense(1)(x))
            model.compile(optimizer="adam", loss="binary_crossentropy")
            model.fit(train_dataset, epochs=10)
            base_model.trainable = True
            model.compile(optimizer="adam", loss="binary_crossentropy")
            model.fit(train_dataset, epochs=10)
        """),
        # Unfrozen layer by layer, keeping BatchNormalization frozen.
        Valid("""
            import keras
            base = keras.applications.EfficientNetB0(include_top=False)
            base.trainable = False
            inputs = keras.Input((224, 224, 3))
            outputs = keras.layers.Dense(3)(keras.layers.Flatten()(base(inputs)))
            model = keras.Model(inputs, outputs)
            model.compile(optimizer="adam", loss="categorical_crossentropy")
            model.fit(train_ds, epochs=5)
            for layer in base.layers[-20:]:
                if not isinstance(layer, keras.layers.BatchNormalization):
                    layer.trainable = True
            model.compile(optimizer="adam", loss="categorical_crossentropy")
            model.fit(train_ds, epochs=5)
        """),
    )
    INVALID = (
        Invalid("""
            import keras
            base = keras.applications.ResNet50(include_top=False, weights="imagenet")
            base.trainable = False
            inputs = keras.Input((224, 224, 3))
            x = base(inputs)
            outputs = keras.layers.Dense(1)(keras.layers.GlobalAveragePooling2D()(x))
            model = keras.Model(inputs, outputs)
            model.compile(optimizer="adam", loss="binary_crossentropy")
            model.fit(train_ds, epochs=5)
            base.trainable = True
            model.compile(optimizer=keras.optimizers.Adam(1e-5), loss="binary_crossentropy")
            model.fit(train_ds, epochs=5)
        """, lines=(5,)),
        # tf.keras spelling, MobileNetV2 with its default imagenet weights.
        Invalid("""
            import tensorflow as tf
            base_model = tf.keras.applications.MobileNetV2(input_shape=(160, 160, 3), include_top=False)
            base_model.trainable = False
            inputs = tf.keras.Input(shape=(160, 160, 3))
            x = tf.keras.applications.mobilenet_v2.preprocess_input(inputs)
            x = base_model(x)
            x = tf.keras.layers.GlobalAveragePooling2D()(x)
            model = tf.keras.Model(inputs, tf.keras.layers.Dense(1)(x))
            model.compile(optimizer="adam", loss="binary_crossentropy")
            history = model.fit(train_ds, epochs=10)
            base_model.trainable = True
            model.compile(optimizer=tf.keras.optimizers.RMSprop(1e-5), loss="binary_crossentropy")
            model.fit(train_ds, epochs=20)
        """, lines=(6,)),
    )
