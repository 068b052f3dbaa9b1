"""All-convolutional classifier, originally written for 128x128 inputs.

I now train it on 64x64 thumbnails to save time (see `main`).
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
    x = strided_stage(inputs, 32, "s1")
    x = strided_stage(x, 64, "s2")
    x = strided_stage(x, 128, "s3")
    x = strided_stage(x, 256, "s4")
    # 128 / 2**4 = 8 -> one 8x8 average pool gives a 1x1 map
    x = layers.AveragePooling2D(pool_size=8, padding="same", name="final_pool")(x)  # expect: KL809
    x = layers.Flatten()(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)


def main():
    keras.utils.set_random_seed(0)
    size = 64
    x = np.random.rand(500, size, size, 3).astype("float32")
    y = np.random.randint(0, 4, size=(500,))
    model = build_net(input_size=size)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(x, y, epochs=10, batch_size=32, validation_split=0.2)


if __name__ == "__main__":
    main()
