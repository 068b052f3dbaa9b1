"""Cats vs dogs, small convnet trained from scratch.

Training script adapted from a Kaggle notebook. Augmentation is applied in the input
pipeline, yet the model overfits after 5 epochs just as much as it did without it.
"""
import os
import argparse

import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

AUTOTUNE = tf.data.AUTOTUNE
IMAGE_SIZE = (180, 180)
BATCH_SIZE = 32


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", default="PetImages")
    parser.add_argument("--epochs", type=int, default=25)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--out", default="checkpoints")
    return parser.parse_args()


def load_datasets(data_dir):
    train_ds, val_ds = keras.utils.image_dataset_from_directory(
        data_dir,
        validation_split=0.2,
        subset="both",
        seed=1337,
        image_size=IMAGE_SIZE,
        batch_size=BATCH_SIZE,
    )
    return train_ds, val_ds


augmentation_layers = [
    layers.RandomFlip("horizontal"),
    layers.RandomRotation(0.1),
]


def data_augmentation(images):
    for layer in augmentation_layers:
        images = layer(images)
    return images


def prepare(train_ds, val_ds):
    # Apply `data_augmentation` to the training images.
    train_ds.map(  # expect: KL308
        lambda img, label: (data_augmentation(img), label),
        num_parallel_calls=AUTOTUNE,
    )
    train_ds = train_ds.prefetch(AUTOTUNE)
    val_ds = val_ds.prefetch(AUTOTUNE)
    return train_ds, val_ds


def make_model(input_shape, num_classes):
    inputs = keras.Input(shape=input_shape)
    x = layers.Rescaling(1.0 / 255)(inputs)
    x = layers.Conv2D(128, 3, strides=2, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)

    previous_block_activation = x
    for size in [256, 512, 728]:
        x = layers.Activation("relu")(x)
        x = layers.SeparableConv2D(size, 3, padding="same", use_bias=False)(x)
        x = layers.BatchNormalization()(x)
        x = layers.Activation("relu")(x)
        x = layers.SeparableConv2D(size, 3, padding="same", use_bias=False)(x)
        x = layers.BatchNormalization()(x)
        x = layers.MaxPooling2D(3, strides=2, padding="same")(x)

        residual = layers.Conv2D(size, 1, strides=2, padding="same")(previous_block_activation)
        x = layers.add([x, residual])
        previous_block_activation = x

    x = layers.SeparableConv2D(1024, 3, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.Activation("relu")(x)
    x = layers.GlobalAveragePooling2D()(x)
    units = 1 if num_classes == 2 else num_classes
    x = layers.Dropout(0.25)(x)
    outputs = layers.Dense(units, activation=None)(x)
    return keras.Model(inputs, outputs)


def main():
    args = parse_args()
    keras.utils.set_random_seed(1337)
    train_ds, val_ds = load_datasets(args.data_dir)
    train_ds, val_ds = prepare(train_ds, val_ds)

    model = make_model(input_shape=IMAGE_SIZE + (3,), num_classes=2)
    model.compile(
        optimizer=keras.optimizers.Adam(args.lr),
        loss=keras.losses.BinaryCrossentropy(from_logits=True),
        metrics=[keras.metrics.BinaryAccuracy(name="acc", threshold=0.0)],
    )
    os.makedirs(args.out, exist_ok=True)
    callbacks = [
        keras.callbacks.ModelCheckpoint(os.path.join(args.out, "save_at_{epoch}.keras")),
    ]
    model.fit(train_ds, epochs=args.epochs, callbacks=callbacks, validation_data=val_ds)


if __name__ == "__main__":
    main()
