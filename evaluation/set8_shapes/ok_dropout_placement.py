"""Dropout placed after BatchNorm / pooling, never straight into BN or max-pooling.

Includes Dropout -> Dense, BN -> Dropout, MaxPool -> Dropout and a Dropout ->
AveragePooling1D (not a max-pooling layer) in the 1-D branch.
"""
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(77)

img = np.random.rand(1200, 32, 32, 3).astype("float32")
sig = np.random.randn(1200, 128, 2).astype("float32")
y = np.random.randint(0, 4, size=(1200,))

img_in = keras.Input(shape=(32, 32, 3), name="image")
a = layers.Conv2D(32, 3, padding="same", use_bias=False)(img_in)
a = layers.BatchNormalization()(a)
a = layers.ReLU()(a)
a = layers.MaxPooling2D()(a)                     # 16x16
a = layers.Dropout(0.25)(a)
a = layers.Conv2D(64, 3, padding="same", use_bias=False)(a)
a = layers.BatchNormalization()(a)
a = layers.ReLU()(a)
a = layers.Dropout(0.25)(a)
a = layers.GlobalAveragePooling2D()(a)

sig_in = keras.Input(shape=(128, 2), name="signal")
b = layers.Conv1D(32, 7, padding="same", activation="relu")(sig_in)
b = layers.Dropout(0.1)(b)
b = layers.AveragePooling1D(4)(b)                # 32 steps
b = layers.Conv1D(64, 5, padding="same", activation="relu")(b)
b = layers.GlobalMaxPooling1D()(b)

h = layers.Concatenate()([a, b])
h = layers.Dense(64, use_bias=False)(h)
h = layers.BatchNormalization()(h)
h = layers.ReLU()(h)
h = layers.Dropout(0.5)(h)
out = layers.Dense(4, activation="softmax")(h)

model = keras.Model([img_in, sig_in], out)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit({"image": img, "signal": sig}, y, epochs=3, batch_size=32, validation_split=0.1)
