"""Speech-command keyword spotter on precomputed MFCC windows (12 keywords)."""
import numpy as np
import tensorflow as tf
import keras
from keras import layers

KEYWORDS = ["yes", "no", "up", "down", "left", "right",
            "on", "off", "stop", "go", "silence", "unknown"]
N_FRAMES, N_MFCC = 98, 40

CONFIG = {
    "batch_size": 128,
    "epochs": 30,
    "learning_rate": 1e-3,
}


def load_split(name):
    feats = np.load(f"kws_{name}_mfcc.npy", mmap_mode="r")
    ids = np.load(f"kws_{name}_labels.npy", mmap_mode="r")
    return feats, ids


def build_model(n_classes=len(KEYWORDS)):
    inputs = keras.Input(shape=(N_FRAMES, N_MFCC))
    x = layers.Conv1D(64, 3, padding="same", activation="relu")(inputs)
    x = layers.BatchNormalization()(x)
    x = layers.Conv1D(64, 3, padding="same", activation="relu")(x)
    x = layers.MaxPooling1D(2)(x)
    x = layers.LSTM(96)(x)
    x = layers.Dropout(0.3)(x)
    outputs = layers.Dense(n_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)


class Batches(keras.utils.PyDataset):
    def __init__(self, feats, ids, batch_size, **kwargs):
        super().__init__(**kwargs)
        self.feats, self.ids, self.batch_size = feats, ids, batch_size

    def __len__(self):
        return int(np.ceil(len(self.feats) / self.batch_size))

    def __getitem__(self, idx):
        sl = slice(idx * self.batch_size, (idx + 1) * self.batch_size)
        x = np.asarray(self.feats[sl], dtype="float32")
        y = keras.utils.to_categorical(self.ids[sl], num_classes=len(KEYWORDS))
        return x, y


if __name__ == "__main__":
    keras.utils.set_random_seed(4)
    tr_x, tr_y = load_split("train")
    va_x, va_y = load_split("val")
    model = build_model()
    model.compile(  # expect: KL205
        optimizer=keras.optimizers.Adam(CONFIG["learning_rate"]),
        loss=keras.losses.SparseCategoricalCrossentropy(),
        metrics=["accuracy"],
    )
    model.fit(Batches(tr_x, tr_y, CONFIG["batch_size"]),
              validation_data=Batches(va_x, va_y, CONFIG["batch_size"]),
              epochs=CONFIG["epochs"])
