# GitHub issue: "Loss is NaN after first epoch with custom RandomNormal initializer"
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, initializers

NUM_FEATURES = 300
NUM_CLASSES = 12

rng = np.random.default_rng(0)
x = rng.normal(size=(20000, NUM_FEATURES)).astype("float32")
y = rng.integers(0, NUM_CLASSES, size=(20000,))

init = initializers.RandomNormal(mean=0.0, stddev=1.0)

model = tf.keras.Sequential([
    layers.Input(shape=(NUM_FEATURES,)),
    layers.Dense(512, activation="relu", kernel_initializer=init),  # expect: KL102
    layers.Dense(256, activation="relu", kernel_initializer="he_normal"),
    layers.Dense(NUM_CLASSES, activation="softmax"),
])
model.compile(optimizer=tf.keras.optimizers.Adam(1e-3),
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
model.fit(x, y, epochs=10, batch_size=256, validation_split=0.2)
