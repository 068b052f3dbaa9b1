"""Flower classification: MobileNetV2 feature extractor, then fine-tuning."""
import pathlib

import tensorflow as tf
import keras
from keras import layers

SEED = 123
IMG_SIZE = (224, 224)
BATCH_SIZE = 32
DATA_DIR = pathlib.Path("flower_photos")
CLASS_NAMES = ["daisy", "dandelion", "roses", "sunflowers", "tulips"]


def load_datasets():
    common = dict(
        validation_split=0.2,
        seed=SEED,
        image_size=IMG_SIZE,
        batch_size=BATCH_SIZE,
        label_mode="categorical",
        class_names=CLASS_NAMES,
    )
    train = keras.utils.image_dataset_from_directory(DATA_DIR, subset="training", **common)
    val = keras.utils.image_dataset_from_directory(DATA_DIR, subset="validation", **common)
    return train.prefetch(tf.data.AUTOTUNE), val.prefetch(tf.data.AUTOTUNE)


def build_model(num_classes=len(CLASS_NAMES)):
    base = keras.applications.MobileNetV2(input_shape=IMG_SIZE + (3,),
                                          include_top=False, weights="imagenet")
    base.trainable = False
    augment = keras.Sequential([
        layers.RandomFlip("horizontal"),
        layers.RandomRotation(0.1),
        layers.RandomZoom(0.1),
    ], name="augment")

    inputs = keras.Input(shape=IMG_SIZE + (3,))
    x = augment(inputs)
    x = keras.applications.mobilenet_v2.preprocess_input(x)
    x = base(x, training=False)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dropout(0.2)(x)
    outputs = layers.Dense(num_classes, activation="softmax", name="flower")(x)
    return keras.Model(inputs, outputs), base


def main():
    keras.utils.set_random_seed(SEED)
    train_ds, val_ds = load_datasets()
    model, base = build_model()

    # stage 1: train the new head only
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss=keras.losses.CategoricalCrossentropy(label_smoothing=0.1),
        metrics=["accuracy"],
    )
    model.fit(train_ds, validation_data=val_ds, epochs=8,
              callbacks=[keras.callbacks.EarlyStopping(monitor="val_loss", patience=2,
                                                       restore_best_weights=True)])

    # stage 2: unfreeze the top of the base and recompile with a small learning rate
    base.trainable = True
    for layer in base.layers[:100]:
        layer.trainable = False
    for layer in base.layers:
        if isinstance(layer, layers.BatchNormalization):
            layer.trainable = False
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-5),
        loss=keras.losses.CategoricalCrossentropy(label_smoothing=0.1),
        metrics=["accuracy"],
    )
    model.fit(train_ds, validation_data=val_ds, epochs=10,
              callbacks=[keras.callbacks.ModelCheckpoint("flowers_best.keras",
                                                         monitor="val_accuracy",
                                                         save_best_only=True)])

    loss, acc = model.evaluate(val_ds, verbose=0)
    print(f"validation loss={loss:.3f} accuracy={acc:.3f}")

    images, labels = next(iter(val_ds))
    probs = model.predict(images, verbose=0)
    for p, t in zip(probs[:8], labels[:8]):
        print(CLASS_NAMES[int(tf.argmax(p))], "<-", CLASS_NAMES[int(tf.argmax(t))])
    model.save("flowers_mobilenet.keras")


if __name__ == "__main__":
    main()
