# Multi-label movie genre tagging from plot embeddings (research repo style)
import argparse

import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow.keras import layers, losses, metrics

GENRES = ["action", "comedy", "drama", "horror", "romance", "sci-fi", "thriller", "animation"]


def get_model(cfg, n_in):
    inp = layers.Input(shape=(n_in,))
    x = layers.Dense(cfg.hidden, activation="relu")(inp)
    x = layers.Dropout(cfg.dropout)(x)
    out = layers.Dense(len(GENRES), activation="sigmoid")(x)
    return tf.keras.Model(inp, out)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", default="movies_embedded.csv")
    ap.add_argument("--hidden", type=int, default=512)
    ap.add_argument("--dropout", type=float, default=0.3)
    cfg = ap.parse_args()
    tf.keras.utils.set_random_seed(3)

    df = pd.read_csv(cfg.csv)
    Y = df[GENRES].values.astype(np.float32)          # multi-hot, several genres per movie
    X = df.drop(columns=GENRES).values.astype(np.float32)

    model = get_model(cfg, X.shape[1])
    model.compile(optimizer="adam",
                  loss=losses.BinaryCrossentropy(),
                  metrics=[metrics.BinaryAccuracy(), metrics.AUC(multi_label=True)])
    model.fit(X, Y, epochs=20, batch_size=256, validation_split=0.1)
