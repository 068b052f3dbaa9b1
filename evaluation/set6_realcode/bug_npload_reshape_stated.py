# A Kaggle notebook that stored 200k satellite tiles as one flat .npy and reshapes them to
# the image size it knows: the reshape states the size (200000 x 128 x 128 x 3 values, at
# least 9.8 GB even as uint8), all of it read into memory and handed to fit.
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, models

N_TILES = 200_000
tiles = np.load("tiles_flat.npy").reshape(N_TILES, 128, 128, 3)
labels = np.load("tile_labels.npy")

model = models.Sequential([
    layers.Input(shape=(128, 128, 3)),
    layers.Rescaling(1.0 / 255),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(tiles, labels, batch_size=64, epochs=3)  # expect: KL301
