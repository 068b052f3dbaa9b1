from keraslint.analysis.classes import KERAS3
from keraslint.analysis.layers import line_of, snippet
from keraslint.rules.base import Invalid, Rule, Valid

_KERAS3 = ("`{change}` comes after `{model}.fit` (line {fitted}) traced the training step of "
           "`{model}`, compiled on line {compiled}: Keras 3 keeps that traced step until the "
           "next `compile`, so the `fit` on line {fit} {effect}. Call `{model}.compile(...)` "
           "again after changing `trainable`")
_LEGACY = ("`{change}` comes after `{model}.compile` (line {compiled}): tf_keras restores the "
           "trainable state of `compile` for every `fit`, so the `fit` on line {fit} {effect}. "
           "Call `{model}.compile(...)` again after changing `trainable`")


class TrainableAfterCompile(Rule):
    """
    ## What it does
    Checks for a `.trainable` change (on a model, a layer of it, or a base model it is built
    from) after the model was compiled, followed by a `fit` of that model without compiling
    it again.

    ## Why is this bad?
    Which variables `fit` trains is fixed earlier than the assignment suggests, and the change
    silently does nothing: a base model "frozen" for the first phase keeps training and
    forgets its pretrained features, or a base "unfrozen" for fine-tuning stays frozen.
    - `tf_keras` (Keras 2) freezes the trainable state at `compile`: every `fit` restores it.
      Any change after `compile` is ignored until the next `compile`.
    - Keras 3 (TensorFlow backend) reads the trainable variables when `fit` first traces its
      training step after a `compile` and keeps that step until the next `compile`. A change
      between `compile` and the first `fit` *does* take effect; a change after a `fit` does
      not (measured with Keras 3.15.1 / TF 2.21: a layer frozen after `fit` kept changing in
      the next `fit`, one unfrozen stayed unchanged; Keras's own warning for this is
      unreachable code). So on Keras 3 only a change after a `fit` is reported.

    A change followed by any `compile` before the `fit` (also of another model: the GAN idiom
    freezes the discriminator for the combined model's `compile`), a change in a branch the
    `fit` is not on, and a compile with `run_eagerly` not certainly `False` are not reported.
    A file whose Keras flavour is unknown is not reported.

    Measured on real code (Keras examples, TensorFlow docs, tf-models-official, keras-hub,
    keras): no finding, and none missed: every example that changes `trainable` after training
    (semantic similarity with BERT, masked language modelling, FixRes, ...) compiles again.

    ## Example
    ```python
    base.trainable = False
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    model.fit(train_ds, epochs=5)

    base.trainable = True
    model.fit(train_ds, epochs=5)  # still trains the head only
    ```

    ## Use instead
    ```python
    base.trainable = False
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    model.fit(train_ds, epochs=5)

    base.trainable = True
    model.compile(optimizer=keras.optimizers.Adam(1e-5), loss="categorical_crossentropy")
    model.fit(train_ds, epochs=5)
    ```

    ## Options
    None.

    ## References
    - [Keras: transfer learning and fine-tuning](https://keras.io/guides/transfer_learning/)
    - [Keras: `Model.compile` (note on changing `trainable`)](https://keras.io/api/models/model_training_apis/#compile-method)
    """

    CODE = "KL801"
    NAME = "trainable-after-compile"
    SUMMARY = "`.trainable` changed after `compile` without compiling again."
    MESSAGE = "{text}"

    def check(self, facts):
        for ignored in facts.lifecycle.ignored_trainable_changes:
            change = ignored.change
            effect = ("still trains the layers set `trainable = False`" if change.value is False
                      else "still leaves the layers set `trainable = True` untouched")
            template = _KERAS3 if ignored.flavour == KERAS3 else _LEGACY
            text = template.format(
                change=snippet(facts, change.statement, 50), model=ignored.model.name,
                fitted=ignored.fitted and line_of(facts, ignored.fitted.call.func),
                compiled=line_of(facts, ignored.compiled.call.func),
                fit=line_of(facts, ignored.fit.call.func), effect=effect)
            yield self.report(change.statement, text=text)

    VALID = (
        # Recompiled after the change (the Keras fine-tuning guide).
        Valid("""
            import keras
            base = keras.applications.MobileNetV2(include_top=False, weights="imagenet")
            base.trainable = False
            inputs = keras.Input((224, 224, 3))
            outputs = keras.layers.Dense(2)(base(inputs, training=False))
            model = keras.Model(inputs, outputs)
            model.compile(optimizer="adam", loss="mse")
            model.fit(x, y, epochs=3)
            base.trainable = True
            model.compile(optimizer=keras.optimizers.Adam(1e-5), loss="mse")
            model.fit(x, y, epochs=3)
        """),
        # Keras 3: a change before the first fit after compile takes effect.
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8), keras.layers.Dense(1)])
            model.compile(optimizer="adam", loss="mse")
            model.layers[0].trainable = False
            model.fit(x, y)
        """),
        # The GAN idiom: frozen for the combined model's compile.
        Valid("""
            import tf_keras as keras
            discriminator = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
            discriminator.compile(optimizer="adam", loss="binary_crossentropy")
            discriminator.trainable = False
            z = keras.Input((16,))
            gan = keras.Model(z, discriminator(generator(z)))
            gan.compile(optimizer="adam", loss="binary_crossentropy")
            discriminator.fit(x, y)
        """),
        # Eager training reads `trainable` at every step.
        Valid("""
            import keras
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8), keras.layers.Dense(1)])
            model.compile(optimizer="adam", loss="mse", run_eagerly=True)
            model.fit(x, y)
            model.layers[0].trainable = False
            model.fit(x, y)
        """),
        # A recompiling helper between the change and the fit.
        Valid("""
            import keras
            def recompile(m):
                m.compile(optimizer="adam", loss="mse")
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
            model.compile(optimizer="adam", loss="mse")
            model.fit(x, y)
            model.trainable = False
            recompile(model)
            model.fit(x, y)
        """),
        # Flavour unknown (no Keras import): quiet.
        Valid("""
            from mylib import build
            model = build()
            model.compile(optimizer="adam", loss="mse")
            model.fit(x, y)
            model.trainable = False
            model.fit(x, y)
        """),
    )
    INVALID = (
        # Keras 3: fine-tuning without recompiling.
        Invalid("""
            import keras
            base = keras.applications.MobileNetV2(include_top=False, weights="imagenet")
            base.trainable = False
            inputs = keras.Input((224, 224, 3))
            outputs = keras.layers.Dense(2)(base(inputs, training=False))
            model = keras.Model(inputs, outputs)
            model.compile(optimizer="adam", loss="mse")
            model.fit(x, y, epochs=3)
            base.trainable = True
            model.fit(x, y, epochs=3)
        """, lines=(9,)),
        # Keras 3: freezing layers through a loop over the model's layers after a fit.
        Invalid("""
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.Input((4,)), tf.keras.layers.Dense(8),
                                         tf.keras.layers.Dense(1)])
            model.compile(optimizer="adam", loss="mse")
            model.fit(x, y)
            for layer in model.layers[:-1]:
                layer.trainable = False
            model.fit(x, y)
        """, lines=(7,)),
        # tf_keras: any change after compile is ignored.
        Invalid("""
            import tf_keras as keras
            base = keras.applications.ResNet50(include_top=False)
            model = keras.Sequential([base, keras.layers.GlobalAveragePooling2D(),
                                      keras.layers.Dense(3)])
            model.compile(optimizer="adam", loss="categorical_crossentropy")
            base.trainable = False
            model.fit(x, y)
        """, lines=(6,)),
    )
