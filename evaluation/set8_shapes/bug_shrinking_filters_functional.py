"""Leaf disease classifier, functional model (96x96 RGB, 4 classes)."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.keras.utils.set_random_seed(96)

LEAF_CLASSES = ["healthy", "rust", "scab", "multiple"]
x = np.random.rand(1000, 96, 96, 3).astype("float32")
y = np.random.randint(0, len(LEAF_CLASSES), size=(1000,))

inp = keras.Input(shape=(96, 96, 3))
h = layers.Conv2D(32, 3, padding="same", activation="relu")(inp)
h = layers.MaxPooling2D()(h)                                        # 48
h = layers.Conv2D(64, 3, padding="same", activation="relu")(h)
h = layers.MaxPooling2D()(h)                                        # 24
h = layers.Conv2D(128, 3, padding="same", activation="relu")(h)
h = layers.MaxPooling2D()(h)                                        # 12
h = layers.Conv2D(64, 3, padding="same", activation="relu")(h)  # expect: KL815
h = layers.MaxPooling2D()(h)                                        # 6
h = layers.GlobalAveragePooling2D()(h)
out = layers.Dense(len(LEAF_CLASSES), activation="softmax")(h)
model = keras.Model(inp, out)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=12, batch_size=32, validation_split=0.15)
