"""Sensor regression with a tanh MLP (keras 3).

Loss plateaus immediately; predictions are almost constant.
"""
import argparse

import numpy as np
import keras
from keras import layers, initializers


def get_args():
    p = argparse.ArgumentParser()
    p.add_argument("--csv", default="sensors.csv")
    p.add_argument("--epochs", type=int, default=100)
    p.add_argument("--lr", type=float, default=1e-3)
    return p.parse_args()


def build(n_features):
    wide = initializers.RandomUniform(minval=-10, maxval=10)
    inputs = keras.Input(shape=(n_features,))
    x = layers.Dense(128, activation="tanh", kernel_initializer=wide)(inputs)  # expect: KL102
    x = layers.Dense(64, activation="tanh", kernel_initializer="glorot_uniform")(x)
    out = layers.Dense(1)(x)
    return keras.Model(inputs, out)


def main():
    args = get_args()
    data = np.loadtxt(args.csv, delimiter=",", skiprows=1, dtype="float32")
    X, y = data[:, :-1], data[:, -1]
    X = (X - X.mean(0)) / (X.std(0) + 1e-8)
    model = build(X.shape[1])
    model.compile(optimizer=keras.optimizers.Adam(args.lr), loss="mse", metrics=["mae"])
    model.fit(X, y, epochs=args.epochs, batch_size=32, validation_split=0.1)


if __name__ == "__main__":
    main()
