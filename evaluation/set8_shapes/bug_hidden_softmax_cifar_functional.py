"""CIFAR-10 classifier, functional API.

Trains, but accuracy plateaus at ~35% while the same conv stack with a plain
Dense head reached ~75% for a colleague. Full script below.
"""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

SEED = 1234
BATCH_SIZE = 128
EPOCHS = 30
NUM_CLASSES = 10
CLASS_NAMES = ["airplane", "automobile", "bird", "cat", "deer",
               "dog", "frog", "horse", "ship", "truck"]

keras.utils.set_random_seed(SEED)


def load_data():
    (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
    x_train = x_train.astype("float32") / 255.0
    x_test = x_test.astype("float32") / 255.0
    return (x_train, y_train), (x_test, y_test)


def conv_block(x, filters, name):
    x = layers.Conv2D(filters, 3, padding="same", use_bias=False, name=f"{name}_conv1")(x)
    x = layers.BatchNormalization(name=f"{name}_bn1")(x)
    x = layers.Activation("relu", name=f"{name}_relu1")(x)
    x = layers.Conv2D(filters, 3, padding="same", use_bias=False, name=f"{name}_conv2")(x)
    x = layers.BatchNormalization(name=f"{name}_bn2")(x)
    x = layers.Activation("relu", name=f"{name}_relu2")(x)
    x = layers.MaxPooling2D(2, name=f"{name}_pool")(x)
    return x


augment = keras.Sequential([
    layers.RandomFlip("horizontal"),
    layers.RandomTranslation(0.1, 0.1),
], name="augment")


def build_model():
    inputs = keras.Input(shape=(32, 32, 3))
    x = augment(inputs)
    x = conv_block(x, 32, "block1")    # 32x32 -> 16x16
    x = conv_block(x, 64, "block2")    # 16x16 -> 8x8
    x = conv_block(x, 128, "block3")   # 8x8 -> 4x4
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dense(256, name="fc1")(x)
    x = layers.Activation("softmax", name="fc1_act")(x)  # expect: KL206
    x = layers.Dropout(0.4)(x)
    outputs = layers.Dense(NUM_CLASSES, activation="softmax", name="predictions")(x)
    return keras.Model(inputs, outputs, name="cifar_cnn")


def main():
    (x_train, y_train), (x_test, y_test) = load_data()
    model = build_model()
    model.compile(
        optimizer=keras.optimizers.Adam(1e-3),
        loss=keras.losses.SparseCategoricalCrossentropy(),
        metrics=["accuracy"],
    )
    callbacks = [
        keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=3),
        keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=8,
                                      restore_best_weights=True),
    ]
    model.fit(
        x_train, y_train,
        batch_size=BATCH_SIZE,
        epochs=EPOCHS,
        validation_data=(x_test, y_test),
        callbacks=callbacks,
    )
    loss, acc = model.evaluate(x_test, y_test, verbose=0)
    print(f"test accuracy: {acc:.3f}")

    probs = model.predict(x_test[:16], verbose=0)
    for p, true in zip(probs, y_test[:16, 0]):
        print(CLASS_NAMES[int(np.argmax(p))], "<- predicted | true ->", CLASS_NAMES[true])


if __name__ == "__main__":
    main()
