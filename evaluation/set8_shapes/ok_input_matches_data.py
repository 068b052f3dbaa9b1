"""Inputs that match their data once the data preparation is followed through.

- MNIST reshaped to (n, 28, 28, 1) for a CNN;
- MNIST flattened with reshape(len(x), -1) -> 784 features for an MLP;
- 10 raw features + 2 engineered ones (np.hstack) -> 12 inputs;
- 64x64 arrays resized to 32x32 inside the tf.data pipeline before the model.
"""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(1)

(x_train, y_train), _ = keras.datasets.mnist.load_data()
x_train = x_train[:10000].astype("float32") / 255.0
y_train = y_train[:10000]

# CNN
x_img = x_train.reshape(-1, 28, 28, 1)
cnn = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(16, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])
cnn.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
cnn.fit(x_img, y_train, epochs=2, batch_size=128)

# MLP
x_flat = x_train.reshape(len(x_train), -1)
mlp = keras.Sequential([
    layers.Dense(128, activation="relu", input_shape=(784,)),
    layers.Dense(10, activation="softmax"),
])
mlp.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
mlp.fit(x_flat, y_train, epochs=2, batch_size=128)

# tabular with engineered features
raw = np.random.rand(800, 10).astype("float32")
feats = np.hstack([raw, raw[:, :2] ** 2])          # (800, 12)
target = (raw[:, 0] > raw[:, 1]).astype("float32")
tab = keras.Sequential([
    layers.Dense(32, input_dim=12, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
tab.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
tab.fit(feats, target, epochs=10, batch_size=32)

# images resized in the pipeline
big = np.random.rand(500, 64, 64, 3).astype("float32")
big_labels = np.random.randint(0, 3, size=(500,))
ds = (tf.data.Dataset.from_tensor_slices((big, big_labels))
      .map(lambda im, lab: (tf.image.resize(im, (32, 32)), lab))
      .shuffle(500)
      .batch(32)
      .prefetch(tf.data.AUTOTUNE))
small_cnn = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(16, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(3, activation="softmax"),
])
small_cnn.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
small_cnn.fit(ds, epochs=2)
