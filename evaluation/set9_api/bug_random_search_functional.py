# Random hyperparameter search for a 1-D CNN on synthetic ECG-like windows (functional API).
import random

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

random.seed(3)
tf.random.set_seed(3)

N_TRIALS = 40
WINDOW = 180

rng = np.random.default_rng(3)
t = np.linspace(0, 1, WINDOW, dtype="float32")
X = np.stack([np.sin(2 * np.pi * rng.uniform(1, 5) * t) + 0.3 * rng.normal(size=WINDOW)
              for _ in range(3000)]).astype("float32")[..., None]
y = (np.abs(np.fft.rfft(X[..., 0], axis=1))[:, 3:6].sum(axis=1) > 40).astype("float32")

best_score, best_hp = 0.0, None
trial = 0
while trial < N_TRIALS:
    hp = {
        "filters": random.choice([16, 32, 64]),
        "kernel": random.choice([3, 5, 7, 9]),
        "dense": random.choice([32, 64, 128]),
        "lr": 10 ** random.uniform(-4, -2.5),
    }
    inputs = keras.Input(shape=(WINDOW, 1))
    x = layers.Conv1D(hp["filters"], hp["kernel"], activation="relu")(inputs)
    x = layers.MaxPooling1D(2)(x)
    x = layers.Conv1D(hp["filters"] * 2, hp["kernel"], activation="relu")(x)
    x = layers.GlobalAveragePooling1D()(x)
    x = layers.Dense(hp["dense"], activation="relu")(x)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    model = keras.Model(inputs, outputs)  # expect: KL902
    model.compile(optimizer=keras.optimizers.Adam(hp["lr"]), loss="binary_crossentropy",
                  metrics=["accuracy"])
    hist = model.fit(X, y, epochs=8, batch_size=64, validation_split=0.2, verbose=0)
    score = max(hist.history["val_accuracy"])
    if score > best_score:
        best_score, best_hp = score, hp
    print(f"trial {trial}: {hp} -> {score:.4f}")
    trial += 1

print("best:", best_hp, best_score)
