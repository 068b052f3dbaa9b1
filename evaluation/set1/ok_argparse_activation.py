"""Configurable classifier head.  Output activation, loss mode and init scale all
come from the command line (no defaults) so the sweep script can try variants."""
import argparse

import numpy as np
import pandas as pd
import tensorflow as tf


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--out-activation", required=True, help="e.g. softmax or linear")
    p.add_argument("--init-std", type=float, required=True)
    p.add_argument("--n-classes", type=int, required=True)
    p.add_argument("--train", required=True, help="csv with a label column")
    p.add_argument("--epochs", type=int, default=10)
    return p.parse_args()


def build(n_in, args):
    act = None if args.out_activation == "linear" else args.out_activation
    init = tf.keras.initializers.RandomNormal(mean=0.0, stddev=args.init_std)
    model = tf.keras.Sequential([
        tf.keras.Input(shape=(n_in,)),
        tf.keras.layers.Dense(128, activation="relu", kernel_initializer=init),
        tf.keras.layers.Dense(args.n_classes, activation=act),
    ])
    model.compile(
        optimizer="adam",
        loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=act is None),
        metrics=["accuracy"],
    )
    return model


def main():
    args = parse_args()
    df = pd.read_csv(args.train)
    y = df.pop("label").to_numpy("int64")
    x = df.to_numpy("float32")
    model = build(x.shape[1], args)
    model.fit(x, y, epochs=args.epochs, batch_size=64, validation_split=0.1)


if __name__ == "__main__":
    main()
