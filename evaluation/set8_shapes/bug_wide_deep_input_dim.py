"""Wide & deep click-through model (two inputs, functional API)."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(1)

N = 10000
N_WIDE, N_DEEP = 40, 128
wide_x = np.random.randint(0, 2, size=(N, N_WIDE)).astype("float32")
deep_x = np.random.randn(N, N_DEEP).astype("float32")
clicked = (np.random.rand(N) < 0.2).astype("float32")

wide_in = keras.Input(shape=(N_WIDE,), name="wide")
deep_in = keras.Input(shape=(N_DEEP,), name="deep")

d = layers.Dense(128, activation="relu")(deep_in)
d = layers.Dense(64, activation="relu", input_dim=128)(d)  # expect: KL503
d = layers.Dense(32, activation="relu")(d)

both = layers.concatenate([wide_in, d])
out = layers.Dense(1, activation="sigmoid", name="click")(both)

model = keras.Model(inputs=[wide_in, deep_in], outputs=out)
model.compile(optimizer="adam", loss="binary_crossentropy",
              metrics=[keras.metrics.AUC(name="auc")])
model.fit({"wide": wide_x, "deep": deep_x}, clicked, epochs=5, batch_size=256,
          validation_split=0.1)
