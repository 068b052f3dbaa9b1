"""Linear layers followed by exactly one activation layer each.

Dense(..) -> LeakyReLU, Dense(..) -> BN -> Activation, Conv -> PReLU, and
Dense(activation="linear") -> Activation("elu"): one activation per tensor,
and no two Dense layers without a non-linearity between them.
"""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(33)

x_img = np.random.rand(1000, 28, 28, 1).astype("float32")
x_tab = np.random.rand(1000, 10).astype("float32")
y = np.random.randint(0, 2, size=(1000,)).astype("float32")

img_in = keras.Input(shape=(28, 28, 1))
a = layers.Conv2D(32, 3, strides=2, padding="same")(img_in)      # 14x14
a = layers.PReLU(shared_axes=[1, 2])(a)
a = layers.Conv2D(64, 3, strides=2, padding="same")(a)           # 7x7
a = layers.LeakyReLU(negative_slope=0.1)(a)
a = layers.Flatten()(a)

tab_in = keras.Input(shape=(10,))
b = layers.Dense(64)(tab_in)
b = layers.LeakyReLU(negative_slope=0.2)(b)
b = layers.Dense(32, use_bias=False)(b)
b = layers.BatchNormalization()(b)
b = layers.Activation("relu")(b)
b = layers.Dense(32, activation="linear")(b)
b = layers.Activation("elu")(b)

h = layers.Concatenate()([a, b])
h = layers.Dense(64)(h)
h = layers.ReLU(max_value=6.0)(h)
out = layers.Dense(1, activation="sigmoid")(h)
model = keras.Model([img_in, tab_in], out)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit([x_img, x_tab], y, epochs=3, batch_size=32)
