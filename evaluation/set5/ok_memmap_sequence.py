# Training from a 40 GB feature file on disk: np.load(..., mmap_mode="r") and
# np.memmap give lazy views, and a keras.utils.Sequence slices one batch at a time.
import math
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

N, D = 5_000_000, 2048
features = np.memmap("features_f32.bin", dtype="float32", mode="r", shape=(N, D))
labels = np.load("labels.npy", mmap_mode="r")
val_x = np.load("val_features.npy", mmap_mode="r")


class MemmapSequence(keras.utils.Sequence):
    def __init__(self, x, y, batch_size=512, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y, self.batch_size = x, y, batch_size
        self.order = np.arange(len(x))

    def __len__(self):
        return math.ceil(len(self.x) / self.batch_size)

    def __getitem__(self, idx):
        sel = np.sort(self.order[idx * self.batch_size:(idx + 1) * self.batch_size])
        return np.asarray(self.x[sel]), np.asarray(self.y[sel])

    def on_epoch_end(self):
        np.random.shuffle(self.order)


model = keras.Sequential([
    keras.Input(shape=(D,)),
    layers.Dense(512, activation="relu"),
    layers.Dropout(0.3),
    layers.Dense(100, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(MemmapSequence(features, labels), epochs=3)

preds = np.concatenate([model.predict_on_batch(np.asarray(val_x[i:i + 4096]))
                        for i in range(0, len(val_x), 4096)])
np.save("val_preds.npy", preds)
