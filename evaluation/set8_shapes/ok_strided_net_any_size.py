"""All-convolutional classifier whose final pool adapts to the input size, plus a
1-D model whose 'same'-padded kernels are all smaller than the sequence they see.

64x64 input: 32 -> 16 -> 8 -> 4 after four stride-2 convs; final pool = 64 // 16 = 4.
1-D: 60 steps -> pool 3 -> 20 -> kernel 7 (same) -> pool 2 -> 10 -> kernel 5 (same).
"""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


def strided_stage(x, filters, name):
    x = layers.Conv2D(filters, 3, strides=2, padding="same", use_bias=False, name=name)(x)
    x = layers.BatchNormalization(name=name + "_bn")(x)
    return layers.Activation("relu", name=name + "_relu")(x)


def build_net(input_size=128, num_classes=4):
    inputs = keras.Input(shape=(input_size, input_size, 3))
    x = inputs
    for i, filters in enumerate((32, 64, 128, 256)):
        x = strided_stage(x, filters, f"s{i + 1}")
    x = layers.AveragePooling2D(pool_size=input_size // 16, name="final_pool")(x)
    x = layers.Flatten()(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)


def build_seq_net(steps=60, channels=3, num_classes=5):
    return keras.Sequential([
        keras.Input(shape=(steps, channels)),
        layers.Conv1D(32, 9, padding="same", activation="relu"),
        layers.MaxPooling1D(3),
        layers.Conv1D(64, 7, padding="same", activation="relu"),
        layers.MaxPooling1D(2),
        layers.Conv1D(64, 5, padding="same", activation="relu"),
        layers.GlobalAveragePooling1D(),
        layers.Dense(num_classes, activation="softmax"),
    ])


if __name__ == "__main__":
    keras.utils.set_random_seed(0)
    size = 64
    x = np.random.rand(500, size, size, 3).astype("float32")
    y = np.random.randint(0, 4, size=(500,))
    model = build_net(input_size=size)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=5, batch_size=32, validation_split=0.2)

    seq = np.random.randn(1000, 60, 3).astype("float32")
    seq_y = np.random.randint(0, 5, size=(1000,))
    seq_model = build_seq_net()
    seq_model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    seq_model.fit(seq, seq_y, epochs=5, batch_size=32)
