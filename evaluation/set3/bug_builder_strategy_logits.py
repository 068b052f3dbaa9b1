"""Distributed training of an image classifier on a directory of JPEGs."""
import os

import tensorflow as tf
from tensorflow.keras import layers as kl

DATA_DIR = os.environ.get("DATA_DIR", "/data/flowers")
IMG_SIZE = (180, 180)
BATCH = 64
EPOCHS = 20


def build_model(num_classes=5, width=64, dropout=0.2, final_activation="softmax"):
    inputs = tf.keras.Input(shape=IMG_SIZE + (3,))
    x = kl.Rescaling(1.0 / 255)(inputs)
    for mult in (1, 2, 4):
        x = kl.Conv2D(width * mult, 3, padding="same", activation="relu")(x)
        x = kl.BatchNormalization()(x)
        x = kl.MaxPooling2D()(x)
    x = kl.GlobalAveragePooling2D()(x)
    x = kl.Dropout(dropout)(x)
    outputs = kl.Dense(num_classes, activation=final_activation)(x)
    return tf.keras.Model(inputs, outputs, name="flowers_cnn")


def make_datasets():
    train = tf.keras.utils.image_dataset_from_directory(
        DATA_DIR, validation_split=0.2, subset="training", seed=123,
        image_size=IMG_SIZE, batch_size=BATCH)
    val = tf.keras.utils.image_dataset_from_directory(
        DATA_DIR, validation_split=0.2, subset="validation", seed=123,
        image_size=IMG_SIZE, batch_size=BATCH)
    autotune = tf.data.AUTOTUNE
    return train.prefetch(autotune), val.prefetch(autotune)


def main():
    tf.keras.utils.set_random_seed(123)
    strategy = tf.distribute.MirroredStrategy()
    print("Replicas:", strategy.num_replicas_in_sync)
    train_ds, val_ds = make_datasets()

    with strategy.scope():
        model = build_model()
        model.compile(  # expect: KL201
            optimizer=tf.keras.optimizers.Adam(learning_rate=1e-3),
            loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
            metrics=["accuracy"],
        )

    callbacks = [
        tf.keras.callbacks.EarlyStopping(monitor="val_loss", patience=4, restore_best_weights=True),
        tf.keras.callbacks.ModelCheckpoint("checkpoints/best.keras", monitor="val_accuracy", save_best_only=True),
        tf.keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=2),
    ]
    model.fit(train_ds, validation_data=val_ds, epochs=EPOCHS, callbacks=callbacks)
    model.save("flowers_cnn.keras")


if __name__ == "__main__":
    main()
