"""Iris-style tabular classifier with a hand-rolled one-hot encoding (tf_keras)."""
import argparse

import numpy as np
import pandas as pd
import tf_keras
from tf_keras import layers


def one_hot(y, n):
    return np.eye(n)[y]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="penguins.csv")
    ap.add_argument("--epochs", type=int, default=100)
    args = ap.parse_args()

    df = pd.read_csv(args.data).dropna()
    species = sorted(df["species"].unique())
    y_int = df["species"].map({s: i for i, s in enumerate(species)}).values
    X = df[["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]].values
    X = (X - X.mean(0)) / X.std(0)
    Y = np.eye(3)[y_int]

    model = tf_keras.Sequential([
        layers.Dense(16, activation="relu", input_shape=(4,)),
        layers.Dense(16, activation="relu"),
        layers.Dense(3, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])  # expect: KL205
    model.fit(X, Y, epochs=args.epochs, batch_size=8, validation_split=0.2, shuffle=True)


if __name__ == "__main__":
    main()
