"""Satellite land-use tile classifier trained from a 40 GB memmapped store.

The tiles live in one raw float16 file written by the preprocessing job; they are
streamed through a keras.utils.PyDataset so only one batch is ever in memory.
"""
import json
import math
import pathlib

import numpy as np
import keras
from keras import layers

ROOT = pathlib.Path("/data/tiles")
TILE = 128
BANDS = 4
N_CLASSES = 9
BATCH_SIZE = 64
SEED = 31


def open_store(split):
    meta = json.loads((ROOT / f"{split}_meta.json").read_text())
    n = meta["count"]
    tiles = np.memmap(ROOT / f"{split}_tiles.f16", dtype=np.float16, mode="r",
                      shape=(n, TILE, TILE, BANDS))
    labels = np.load(ROOT / f"{split}_labels.npy", mmap_mode="r")
    stats = np.asarray(meta["band_mean"], "float32"), np.asarray(meta["band_std"], "float32")
    return tiles, labels, stats


class TileSequence(keras.utils.PyDataset):
    def __init__(self, tiles, labels, stats, batch_size, shuffle, **kwargs):
        super().__init__(**kwargs)
        self.tiles, self.labels = tiles, labels
        self.mean, self.std = stats
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.rng = np.random.default_rng(SEED)
        self.order = np.arange(len(tiles))
        self.on_epoch_end()

    def __len__(self):
        return math.ceil(len(self.order) / self.batch_size)

    def __getitem__(self, idx):
        ids = np.sort(self.order[idx * self.batch_size:(idx + 1) * self.batch_size])
        x = (np.asarray(self.tiles[ids], dtype="float32") - self.mean) / self.std
        y = np.asarray(self.labels[ids], dtype="int32")
        return x, y

    def on_epoch_end(self):
        if self.shuffle:
            self.rng.shuffle(self.order)


def build_model():
    inputs = keras.Input(shape=(TILE, TILE, BANDS))
    x = inputs
    for filters in (32, 64, 128, 256):
        x = layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
        x = layers.BatchNormalization()(x)
        x = layers.Activation("relu")(x)
        x = layers.MaxPooling2D()(x)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dropout(0.3)(x)
    outputs = layers.Dense(N_CLASSES, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="tile_net")


def main():
    keras.utils.set_random_seed(SEED)
    tr_tiles, tr_labels, stats = open_store("train")
    va_tiles, va_labels, _ = open_store("val")
    train_seq = TileSequence(tr_tiles, tr_labels, stats, BATCH_SIZE, shuffle=True,
                             workers=4, use_multiprocessing=False)
    val_seq = TileSequence(va_tiles, va_labels, stats, BATCH_SIZE, shuffle=False)

    model = build_model()
    model.compile(
        optimizer=keras.optimizers.AdamW(learning_rate=1e-3, weight_decay=1e-4),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    model.fit(
        train_seq,
        validation_data=val_seq,
        epochs=20,
        callbacks=[
            keras.callbacks.ModelCheckpoint("tiles_best.keras", monitor="val_accuracy",
                                            save_best_only=True),
            keras.callbacks.EarlyStopping(monitor="val_loss", patience=4),
        ],
    )
    print(model.evaluate(val_seq, return_dict=True, verbose=0))


if __name__ == "__main__":
    main()
