"""Synthetic-data smoke test of the training stack (sizes chosen to stay under 1 GiB per call)."""
import numpy as np
import tensorflow as tf
import keras
from keras import layers

keras.utils.set_random_seed(1)
N, D = 500_000, 256          # 500k x 256 float64 = 1.024e9 bytes (< 2**30)

x = np.random.normal(size=(N, D))
w_true = np.linspace(-1.0, 1.0, D)
y = ((x @ w_true) > 0).astype("int64")

x_holdout = np.random.normal(size=(20_000, D)).astype(np.float32)
y_holdout = ((x_holdout @ w_true) > 0).astype(np.int64)


def mlp(width=256):
    inputs = keras.Input(shape=(D,))
    h = layers.Dense(width, activation="relu",
                     kernel_initializer=keras.initializers.RandomNormal(stddev=0.05))(inputs)
    h = layers.Dense(width // 2, activation="tanh",
                     kernel_initializer=keras.initializers.RandomUniform(-0.05, 0.05))(h)
    out = layers.Dense(1, activation="sigmoid")(h)
    return keras.Model(inputs, out)


model = mlp()
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy",
              metrics=["accuracy"])
model.fit(x, y, batch_size=2048, epochs=2, shuffle=True)
print(model.evaluate(x_holdout, y_holdout, batch_size=4096, verbose=0))

# same check through tf.data: 100k x 1024 float32 = 0.41 GB
feats = np.random.rand(100_000, 1024).astype("float32")
labels = (feats[:, 0] > 0.5).astype("int64")
ds = tf.data.Dataset.from_tensor_slices((feats, labels)).shuffle(10_000).batch(1024)
probe = keras.Sequential([keras.Input(shape=(1024,)), layers.Dense(2, activation="softmax")])
probe.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
probe.fit(ds, epochs=1)
