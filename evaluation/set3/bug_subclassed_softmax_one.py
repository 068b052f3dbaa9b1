import argparse

import pandas as pd
import tensorflow as tf


class ChurnNet(tf.keras.Model):
    """Binary churn predictor: two hidden layers and a single probability output."""

    def __init__(self, hidden=(128, 64), dropout=0.25):
        super().__init__()
        self.hidden_layers = [tf.keras.layers.Dense(h, activation="relu") for h in hidden]
        self.drop = tf.keras.layers.Dropout(dropout)
        self.out = tf.keras.layers.Dense(1, activation="softmax")

    def call(self, inputs, training=False):
        x = inputs
        for layer in self.hidden_layers:
            x = layer(x)
            x = self.drop(x, training=training)
        return self.out(x)


def load_split(path):
    frame = pd.read_parquet(path)
    y = frame.pop("churned").to_numpy(dtype="float32")
    return frame.to_numpy(dtype="float32"), y


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", default="data/churn_train.parquet")
    parser.add_argument("--val", default="data/churn_val.parquet")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--lr", type=float, default=1e-3)
    args = parser.parse_args()

    x_tr, y_tr = load_split(args.train)
    x_va, y_va = load_split(args.val)

    model = ChurnNet()
    model.compile(  # expect: KL203
        optimizer=tf.keras.optimizers.Adam(args.lr),
        loss="binary_crossentropy",
        metrics=[tf.keras.metrics.AUC(name="auc"), "accuracy"],
    )
    model.fit(x_tr, y_tr, validation_data=(x_va, y_va), epochs=args.epochs, batch_size=256)


if __name__ == "__main__":
    main()
