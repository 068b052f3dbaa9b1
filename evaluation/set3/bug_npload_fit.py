"""Train a 3D-CNN on preprocessed CT volumes.

Preprocessing (run once) writes the full training set to a single .npy file:
    volumes_train.npy  -> (N, 128, 128, 64, 1) float32, ~40 GB
"""
import argparse

import numpy as np
import tensorflow as tf
from tensorflow.keras import layers


def get_model(cfg):
    inp = layers.Input(shape=(128, 128, 64, 1))
    x = inp
    for f in cfg.filters:
        x = layers.Conv3D(f, 3, padding="same", activation="relu")(x)
        x = layers.MaxPool3D(2)(x)
        x = layers.BatchNormalization()(x)
    x = layers.GlobalAveragePooling3D()(x)
    x = layers.Dense(128, activation="relu")(x)
    x = layers.Dropout(0.3)(x)
    out = layers.Dense(1, activation="sigmoid")(x)
    return tf.keras.Model(inp, out, name="ct3d")


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--data-dir", default="/mnt/data/ct")
    p.add_argument("--filters", type=int, nargs="+", default=[32, 64, 128])
    p.add_argument("--epochs", type=int, default=50)
    p.add_argument("--batch-size", type=int, default=4)
    return p.parse_args()


if __name__ == "__main__":
    cfg = parse()
    tf.keras.utils.set_random_seed(42)

    x_train = np.load(f"{cfg.data_dir}/volumes_train.npy")
    y_train = np.load(f"{cfg.data_dir}/labels_train.npy")

    model = get_model(cfg)
    model.compile(optimizer=tf.keras.optimizers.Adam(1e-4),
                  loss="binary_crossentropy",
                  metrics=[tf.keras.metrics.AUC(name="auc")])
    model.fit(x_train, y_train, batch_size=cfg.batch_size, epochs=cfg.epochs,  # not expected since issue 7: np.load of a size the code does not state (was KL301)
              validation_split=0.1,
              callbacks=[tf.keras.callbacks.ModelCheckpoint("ct3d.keras", monitor="val_auc",
                                                            mode="max", save_best_only=True)])
