# A training script that checks the preprocessed array before using it: the assert states
# the shape (60000 float32 spectrograms of 256 x 256, 14.6 GiB), and the whole array goes
# into from_tensor_slices, which copies it into a tensor of its own.
import numpy as np
import tensorflow as tf

specs = np.load("spectrograms.npy").astype("float32")
assert specs.shape == (60000, 256, 256, 1), specs.shape
targets = np.load("targets.npy")

dataset = tf.data.Dataset.from_tensor_slices((specs, targets))  # expect: KL302
dataset = dataset.shuffle(4096).batch(32).prefetch(tf.data.AUTOTUNE)

model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(256, 256, 1)),
    tf.keras.layers.Conv2D(16, 5, strides=2, activation="relu"),
    tf.keras.layers.Conv2D(32, 5, strides=2, activation="relu"),
    tf.keras.layers.GlobalAveragePooling2D(),
    tf.keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(dataset, epochs=4)
