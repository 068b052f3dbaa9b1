# Audio frames preallocated as float32 (120000 clips x 128 frames x 96 mel bins = 5.5 GiB),
# then transposed and given a channel axis before fit: every view is still the whole array in
# memory, handed to fit in one piece.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

N_CLIPS, FRAMES, MELS = 120_000, 128, 96
mel = np.zeros((N_CLIPS, FRAMES, MELS), dtype=np.float32)
labels = np.zeros((N_CLIPS,), dtype=np.int64)

mel = np.swapaxes(mel, 1, 2)
mel = np.expand_dims(mel, axis=-1)
train_x, train_y = mel[:100_000], labels[:100_000]

model = keras.Sequential([
    keras.Input(shape=(MELS, FRAMES, 1)),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(50, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(train_x, train_y, batch_size=128, epochs=10)  # expect: KL301
