"""MNIST digit classifier: complete training script.

Loads the bundled MNIST arrays, scales them, one-hot encodes the labels,
trains a small CNN through a tf.data pipeline and writes the best model.
"""
import argparse

import numpy as np
import tensorflow as tf
import keras
from keras import layers

NUM_CLASSES = 10
INPUT_SHAPE = (28, 28, 1)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--out", default="mnist_cnn.keras")
    return parser.parse_args()


def load_data():
    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    x_train = x_train.astype("float32")[..., np.newaxis] / 255.0
    x_test = x_test.astype("float32")[..., np.newaxis] / 255.0
    y_train = keras.utils.to_categorical(y_train, NUM_CLASSES)
    y_test = keras.utils.to_categorical(y_test, NUM_CLASSES)
    return (x_train, y_train), (x_test, y_test)


def make_dataset(x, y, batch_size, training):
    ds = tf.data.Dataset.from_tensor_slices((x, y))
    if training:
        ds = ds.shuffle(buffer_size=len(x), seed=0)
    ds = ds.batch(batch_size)
    return ds.prefetch(tf.data.AUTOTUNE)


def build_model():
    inputs = keras.Input(shape=INPUT_SHAPE)
    x = layers.Conv2D(32, 3, padding="same", kernel_initializer="he_normal")(inputs)
    x = layers.BatchNormalization()(x)
    x = layers.Activation("relu")(x)
    x = layers.Conv2D(32, 3, padding="same", activation="relu",
                      kernel_initializer="he_normal")(x)
    x = layers.MaxPooling2D()(x)
    x = layers.Conv2D(64, 3, padding="same", activation="relu",
                      kernel_initializer="he_normal")(x)
    x = layers.MaxPooling2D()(x)
    x = layers.Flatten()(x)
    x = layers.Dropout(0.4)(x)
    x = layers.Dense(128, activation="relu", kernel_initializer="he_normal")(x)
    outputs = layers.Dense(NUM_CLASSES, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="mnist_cnn")


def main():
    args = parse_args()
    keras.utils.set_random_seed(1337)

    (x_train, y_train), (x_test, y_test) = load_data()
    train_ds = make_dataset(x_train, y_train, args.batch_size, training=True)
    test_ds = make_dataset(x_test, y_test, args.batch_size, training=False)

    model = build_model()
    model.summary()
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=args.lr),
        loss=keras.losses.CategoricalCrossentropy(),
        metrics=["accuracy"],
    )

    callbacks = [
        keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=3,
                                      restore_best_weights=True),
        keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=2),
        keras.callbacks.ModelCheckpoint(args.out, monitor="val_accuracy",
                                        save_best_only=True),
    ]
    model.fit(train_ds, validation_data=test_ds, epochs=args.epochs, callbacks=callbacks)

    loss, acc = model.evaluate(test_ds, verbose=0)
    print(f"test loss {loss:.4f}  test accuracy {acc:.4f}")

    probs = model.predict(test_ds, verbose=0)
    predicted = probs.argmax(axis=1)
    truth = y_test.argmax(axis=1)
    confusion = tf.math.confusion_matrix(truth, predicted, num_classes=NUM_CLASSES)
    print(confusion.numpy())


if __name__ == "__main__":
    main()
