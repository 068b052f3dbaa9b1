"""Regression heads matched to their targets.

- sine-wave targets in [-1, 1] with a tanh output;
- unscaled prices (50..1000) with a linear output;
- targets read from a CSV: range unknown statically, sigmoid head (the CSV
  column is a probability in our data dictionary).
"""
import os
import numpy as np
import pandas as pd
import tensorflow as tf

tf.keras.utils.set_random_seed(9)

t = np.linspace(0, 40, 4000).astype("float32")
X_seq = np.stack([np.sin(t + k) for k in range(16)], axis=1)[..., None]   # (4000, 16, 1)
y_seq = np.sin(t + 16)

sine = tf.keras.Sequential([
    tf.keras.Input(shape=(16, 1)),
    tf.keras.layers.SimpleRNN(32),
    tf.keras.layers.Dense(1, activation="tanh"),
])
sine.compile(optimizer="adam", loss="mse")
sine.fit(X_seq, y_seq, epochs=5, batch_size=64, verbose=0)

X = np.random.rand(2000, 4).astype("float32")
prices = 50 + 950 * np.random.rand(2000)
price_model = tf.keras.Sequential([
    tf.keras.Input(shape=(4,)),
    tf.keras.layers.Dense(64, activation="relu"),
    tf.keras.layers.Dense(1),
])
price_model.compile(optimizer="adam", loss="mse", metrics=["mae"])
price_model.fit(X, prices, epochs=10, batch_size=32, verbose=0)

if os.path.exists("conversion.csv"):
    df = pd.read_csv("conversion.csv")
    feats = df.drop(columns=["conversion_prob"]).to_numpy("float32")
    target = df["conversion_prob"].to_numpy("float32")
    prob_model = tf.keras.Sequential([
        tf.keras.Input(shape=(feats.shape[1],)),
        tf.keras.layers.Dense(32, activation="relu"),
        tf.keras.layers.Dense(1, activation="sigmoid"),
    ])
    prob_model.compile(optimizer="adam", loss="mse")
    prob_model.fit(feats, target, epochs=10, batch_size=32, verbose=0)
