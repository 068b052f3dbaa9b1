"""Train on a 40 GB feature matrix without loading it: memory-map the .npy and
serve batches through a keras.utils.Sequence."""
import math

import numpy as np
import tensorflow as tf


class MemmapSequence(tf.keras.utils.Sequence):
    def __init__(self, x_path, y_path, batch_size=1024, **kwargs):
        super().__init__(**kwargs)
        self.x = np.load(x_path, mmap_mode="r")
        self.y = np.load(y_path, mmap_mode="r")
        self.batch_size = batch_size
        self.order = np.arange(len(self.x))

    def __len__(self):
        return math.ceil(len(self.x) / self.batch_size)

    def __getitem__(self, idx):
        sel = np.sort(self.order[idx * self.batch_size:(idx + 1) * self.batch_size])
        return np.asarray(self.x[sel], dtype=np.float32), np.asarray(self.y[sel])

    def on_epoch_end(self):
        np.random.shuffle(self.order)


train_seq = MemmapSequence("/data/emb/train_x.npy", "/data/emb/train_y.npy")
val_seq = MemmapSequence("/data/emb/val_x.npy", "/data/emb/val_y.npy", batch_size=4096)

model = tf.keras.Sequential([
    tf.keras.Input(shape=(768,)),
    tf.keras.layers.Dense(256, activation="relu"),
    tf.keras.layers.Dense(2, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(train_seq, validation_data=val_seq, epochs=3)

test_x = np.load("/data/emb/test_x.npy", mmap_mode="r")
preds = []
for start in range(0, len(test_x), 65536):
    preds.append(model.predict(np.asarray(test_x[start:start + 65536]), batch_size=8192, verbose=0).argmax(1))
np.save("/data/emb/test_pred.npy", np.concatenate(preds))
