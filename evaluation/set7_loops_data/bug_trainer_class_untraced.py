"""Small trainer abstraction used across our experiments (text classification variant).

GPU utilization is ~5% and an epoch takes minutes on a toy dataset.
"""
import dataclasses
import time

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


@dataclasses.dataclass
class Config:
    vocab_size: int = 20000
    seq_len: int = 200
    embed_dim: int = 64
    batch_size: int = 64
    epochs: int = 5
    learning_rate: float = 1e-3
    seed: int = 1234


def load_data(cfg):
    (x_train, y_train), (x_val, y_val) = keras.datasets.imdb.load_data(num_words=cfg.vocab_size)
    x_train = keras.utils.pad_sequences(x_train, maxlen=cfg.seq_len)
    x_val = keras.utils.pad_sequences(x_val, maxlen=cfg.seq_len)
    train = (tf.data.Dataset.from_tensor_slices((x_train, y_train.astype("float32")))
             .shuffle(len(x_train), seed=cfg.seed)
             .batch(cfg.batch_size)
             .prefetch(tf.data.AUTOTUNE))
    val = (tf.data.Dataset.from_tensor_slices((x_val, y_val.astype("float32")))
           .batch(cfg.batch_size)
           .prefetch(tf.data.AUTOTUNE))
    return train, val


def build_model(cfg):
    inputs = keras.Input(shape=(cfg.seq_len,), dtype="int32")
    x = layers.Embedding(cfg.vocab_size, cfg.embed_dim)(inputs)
    x = layers.Bidirectional(layers.LSTM(32))(x)
    x = layers.Dropout(0.3)(x)
    x = layers.Dense(32, activation="relu")(x)
    outputs = layers.Dense(1)(x)
    return keras.Model(inputs, outputs)


class Trainer:
    def __init__(self, model, cfg):
        self.model = model
        self.cfg = cfg
        self.optimizer = keras.optimizers.Adam(cfg.learning_rate)
        self.loss_fn = keras.losses.BinaryCrossentropy(from_logits=True)
        self.train_loss = keras.metrics.Mean(name="train_loss")
        self.train_acc = keras.metrics.BinaryAccuracy(name="train_acc", threshold=0.0)
        self.val_loss = keras.metrics.Mean(name="val_loss")
        self.val_acc = keras.metrics.BinaryAccuracy(name="val_acc", threshold=0.0)

    def train_step(self, x, y):  # expect: KL404
        y = tf.expand_dims(y, -1)
        with tf.GradientTape() as tape:
            logits = self.model(x, training=True)
            loss = self.loss_fn(y, logits)
        grads = tape.gradient(loss, self.model.trainable_variables)
        grads, _ = tf.clip_by_global_norm(grads, 5.0)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        self.train_loss.update_state(loss)
        self.train_acc.update_state(y, logits)

    @tf.function
    def eval_step(self, x, y):
        y = tf.expand_dims(y, -1)
        logits = self.model(x, training=False)
        self.val_loss.update_state(self.loss_fn(y, logits))
        self.val_acc.update_state(y, logits)

    def reset(self):
        for m in (self.train_loss, self.train_acc, self.val_loss, self.val_acc):
            m.reset_state()

    def fit(self, train_ds, val_ds):
        history = []
        for epoch in range(self.cfg.epochs):
            self.reset()
            start = time.time()
            for x, y in train_ds:
                self.train_step(x, y)
            for x, y in val_ds:
                self.eval_step(x, y)
            row = {m.name: float(m.result())
                   for m in (self.train_loss, self.train_acc, self.val_loss, self.val_acc)}
            row["seconds"] = time.time() - start
            history.append(row)
            print(f"epoch {epoch + 1}/{self.cfg.epochs}", row)
        return history


def main():
    cfg = Config()
    keras.utils.set_random_seed(cfg.seed)
    train_ds, val_ds = load_data(cfg)
    model = build_model(cfg)
    trainer = Trainer(model, cfg)
    history = trainer.fit(train_ds, val_ds)
    best = max(history, key=lambda r: r["val_acc"])
    print("best val acc:", best["val_acc"])
    np.save("history.npy", np.array([r["val_acc"] for r in history]))


if __name__ == "__main__":
    main()
