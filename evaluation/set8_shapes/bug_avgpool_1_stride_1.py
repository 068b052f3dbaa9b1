# Spectrogram classifier for keyword spotting (12 keywords, 49x40 log-mel input).
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(12)

KEYWORDS = ["yes", "no", "up", "down", "left", "right",
            "on", "off", "stop", "go", "silence", "unknown"]
spec = np.random.randn(4000, 49, 40, 1).astype("float32")
label = np.random.randint(0, len(KEYWORDS), size=(4000,))

inputs = keras.Input(shape=(49, 40, 1))
x = layers.Conv2D(64, (10, 4), strides=(2, 2), padding="same", activation="relu")(inputs)   # 25x20
x = layers.AveragePooling2D(pool_size=(1, 1), strides=(1, 1))(x)  # expect: KL813
x = layers.Conv2D(64, (3, 3), padding="same", activation="relu")(x)                          # 25x20
x = layers.MaxPooling2D(pool_size=(2, 2))(x)                                                 # 12x10
x = layers.Conv2D(128, (3, 3), padding="same", activation="relu")(x)
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(len(KEYWORDS), activation="softmax")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(spec, label, epochs=10, batch_size=64, validation_split=0.1)
