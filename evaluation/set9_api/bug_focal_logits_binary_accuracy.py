# Defect detection on 64x64 grayscale patches with binary focal loss (rare positives).
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(73)

rng = np.random.default_rng(73)
patches = rng.random((6000, 64, 64, 1), dtype=np.float32)
labels = (rng.random(6000) < 0.08).astype("float32")
patches[labels == 1, 20:30, 20:30, 0] += 0.8
patches = np.clip(patches, 0.0, 1.0)

model = keras.Sequential([
    keras.Input(shape=(64, 64, 1)),
    layers.Conv2D(16, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss=keras.losses.BinaryFocalCrossentropy(gamma=2.0, from_logits=True), metrics=["binary_accuracy"])  # expect: KL211
model.fit(patches, labels, epochs=10, batch_size=64, validation_split=0.2)
