"""train.py --features X.npy --labels y.npy [--epochs N]

Generic tabular trainer used by the pipeline.  Fine on toy data; on the
production export (80 GB) it runs out of memory before the first epoch.
"""
import argparse

import numpy as np
import tensorflow as tf


def parse():
    ap = argparse.ArgumentParser()
    ap.add_argument("--features", required=True)
    ap.add_argument("--labels", required=True)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--batch-size", type=int, default=1024)
    return ap.parse_args()


def make_dataset(features_path, labels_path, batch_size):
    features = np.load(features_path)
    labels = np.load(labels_path)
    ds = tf.data.Dataset.from_tensor_slices((features, labels))  # not expected since issue 7: np.load of a size the code does not state (was KL302)
    return ds.shuffle(100_000).batch(batch_size).prefetch(tf.data.AUTOTUNE), features.shape[1]


def build(n_features):
    model = tf.keras.Sequential([
        tf.keras.Input(shape=(n_features,)),
        tf.keras.layers.Dense(256, activation="relu"),
        tf.keras.layers.BatchNormalization(),
        tf.keras.layers.Dense(128, activation="relu"),
        tf.keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss=tf.keras.losses.BinaryCrossentropy(), metrics=["AUC"])
    return model


if __name__ == "__main__":
    args = parse()
    ds, n_features = make_dataset(args.features, args.labels, args.batch_size)
    model = build(n_features)
    model.fit(ds, epochs=args.epochs)
