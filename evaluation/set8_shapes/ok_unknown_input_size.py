"""Fully convolutional classifier that accepts images of any size.

Input((None, None, 3)): nothing is known about the spatial size statically, so
the large pooling windows cannot be checked against it (images at training
time are 256x256, at inference they can be bigger).
"""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(256)


def build_fcn(num_classes=6):
    inputs = keras.Input(shape=(None, None, 3))
    x = layers.Conv2D(32, 3, padding="same", activation="relu")(inputs)
    x = layers.MaxPooling2D(4)(x)
    x = layers.Conv2D(64, 3, padding="same", activation="relu")(x)
    x = layers.MaxPooling2D(4)(x)
    x = layers.Conv2D(128, 7, padding="same", activation="relu")(x)
    x = layers.MaxPooling2D(8, padding="same")(x)
    x = layers.GlobalMaxPooling2D()(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)


model = build_fcn()
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

def gen():
    while True:
        yield (np.random.rand(8, 256, 256, 3).astype("float32"),
               np.random.randint(0, 6, size=(8,)))

ds = tf.data.Dataset.from_generator(
    gen,
    output_signature=(tf.TensorSpec((None, 256, 256, 3), tf.float32),
                      tf.TensorSpec((None,), tf.int64)),
).prefetch(2)
model.fit(ds, steps_per_epoch=50, epochs=3)

big = np.random.rand(1, 512, 384, 3).astype("float32")
print(model.predict(big, verbose=0).shape)
