"""GTSRB traffic-sign recognition: data prep + model + training in one script.

The images are resized to 32x32 in `load_split` (the CSV-based loader from the
course is replaced by random arrays here so the script runs standalone).
"""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

SEED = 7
IMG_SIZE = 32
NUM_CLASSES = 43
BATCH = 64
EPOCHS = 20


def load_split(n):
    """Returns images resized to IMG_SIZE x IMG_SIZE, scaled to [0, 1]."""
    images = np.random.rand(n, IMG_SIZE, IMG_SIZE, 3).astype("float32")
    labels = np.random.randint(0, NUM_CLASSES, size=(n,))
    return images, labels


def class_weights(labels):
    counts = np.bincount(labels, minlength=NUM_CLASSES).astype("float32")
    weights = counts.sum() / (NUM_CLASSES * np.maximum(counts, 1.0))
    return {i: float(w) for i, w in enumerate(weights)}


def conv_unit(x, filters):
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    return layers.MaxPooling2D(2)(x)


def build_model(input_shape=(48, 48, 3), num_classes=NUM_CLASSES):
    inputs = keras.Input(shape=input_shape)  # expect: KL507
    x = conv_unit(inputs, 32)
    x = conv_unit(x, 64)
    x = conv_unit(x, 128)
    x = layers.AveragePooling2D(pool_size=2)(x)
    x = layers.Dense(256, activation="relu")(x)  # expect: KL806
    x = layers.Dropout(0.5)(x)
    x = layers.Flatten()(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="gtsrb_cnn")


def main():
    keras.utils.set_random_seed(SEED)
    x_train, y_train = load_split(4000)
    x_val, y_val = load_split(800)
    x_test, y_test = load_split(800)

    model = build_model()
    model.compile(optimizer=keras.optimizers.Adam(1e-3),
                  loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])

    callbacks = [
        keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.3, patience=2),
        keras.callbacks.ModelCheckpoint("gtsrb_best.keras", monitor="val_accuracy",
                                        save_best_only=True),
    ]
    model.fit(x_train, y_train,
              validation_data=(x_val, y_val),
              epochs=EPOCHS, batch_size=BATCH,
              class_weight=class_weights(y_train),
              callbacks=callbacks)

    test_loss, test_acc = model.evaluate(x_test, y_test, verbose=0)
    print(f"test accuracy {test_acc:.4f}")


if __name__ == "__main__":
    main()
