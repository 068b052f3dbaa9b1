"""Residual MLP blocks for a tabular regression benchmark (California-housing-like)."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(8)

N_FEATURES = 8


def residual_mlp_block(x, width, dropout_rate):
    h = layers.Dense(width, activation="gelu")(x)
    h = layers.Dropout(dropout_rate)(h)  # expect: KL811
    h = layers.BatchNormalization()(h)
    h = layers.Dense(width, activation="gelu")(h)
    return layers.Add()([x, h])


def build_model(width=128, depth=3, dropout_rate=0.2):
    inputs = keras.Input(shape=(N_FEATURES,))
    x = layers.Dense(width, activation="gelu")(inputs)
    for _ in range(depth):
        x = residual_mlp_block(x, width, dropout_rate)
    outputs = layers.Dense(1)(x)
    return keras.Model(inputs, outputs)


X = np.random.randn(15000, N_FEATURES).astype("float32")
y = (X[:, 0] * 2.0 + np.tanh(X[:, 1]) + 0.1 * np.random.randn(15000)).astype("float32")

model = build_model()
model.compile(optimizer=keras.optimizers.AdamW(1e-3, weight_decay=1e-4), loss="mse",
              metrics=[keras.metrics.RootMeanSquaredError()])
model.fit(X, y, epochs=30, batch_size=256, validation_split=0.1)
