"""Autoencoder-style feature compressor + classifier head for tabular anomaly data."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.keras.utils.set_random_seed(101)

N, D = 8000, 30
X = np.random.randn(N, D).astype("float32")
y = (np.abs(X[:, :3]).sum(axis=1) > 3.5).astype("float32")

inputs = keras.Input(shape=(D,))
x = layers.Dense(256)(inputs)  # expect: KL807
x = layers.Dense(128, activation="relu")(x)
x = layers.Dropout(0.2)(x)
x = layers.Dense(64, activation="relu")(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)

model.compile(optimizer=keras.optimizers.Adam(3e-4),
              loss="binary_crossentropy",
              metrics=[keras.metrics.Precision(), keras.metrics.Recall()])
model.fit(X, y, epochs=25, batch_size=128, validation_split=0.2,
          class_weight={0: 1.0, 1: 5.0})
