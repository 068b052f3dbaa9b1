"""models/mlp.py (inlined) + train.py for the tabular benchmark."""
import argparse

import pandas as pd
import tensorflow as tf
from tensorflow.keras import backend as K
from tensorflow.keras import layers


def shifted_normal(shape, dtype=None):
    # "start all weights slightly positive so the sum is informative"
    return K.random_normal(shape, mean=1.0, stddev=0.1, dtype=dtype)


def get_model(cfg):
    inp = layers.Input(shape=(cfg["n_features"],))
    x = inp
    for units in cfg["hidden"]:
        x = layers.Dense(units, activation="elu",
                         kernel_initializer=shifted_normal)(x)  # expect: KL101
        x = layers.BatchNormalization()(x)
    out = layers.Dense(cfg["n_classes"], activation="softmax")(x)
    return tf.keras.Model(inp, out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", required=True)
    ap.add_argument("--target", default="label")
    ap.add_argument("--epochs", type=int, default=40)
    args = ap.parse_args()

    df = pd.read_csv(args.csv)
    y = df.pop(args.target).astype("category").cat.codes.to_numpy()
    X = df.to_numpy(dtype="float32")
    cfg = {"n_features": X.shape[1], "hidden": [256, 128], "n_classes": int(y.max()) + 1}

    model = get_model(cfg)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(X, y, epochs=args.epochs, batch_size=512, validation_split=0.15)


if __name__ == "__main__":
    main()
