# Regression from a CSV that does not fit in RAM in my real setup; here simulated.
import numpy as np
import tensorflow as tf
from tensorflow import keras

tf.random.set_seed(11)
np.random.seed(11)

N_ROWS = 50000
N_FEATURES = 12
BATCH = 128

rng = np.random.default_rng(11)
data = rng.normal(size=(N_ROWS, N_FEATURES)).astype("float32")
coef = rng.normal(size=(N_FEATURES,)).astype("float32")
target = data @ coef + 0.1 * rng.normal(size=N_ROWS).astype("float32")


def batch_generator(X, y, batch_size):
    n = len(X)
    while True:
        for start in range(0, n, batch_size):
            end = min(start + batch_size, n)
            yield X[start:end], y[start:end]


train_end = int(0.9 * N_ROWS)
train_gen = batch_generator(data[:train_end], target[:train_end], BATCH)
val_gen = batch_generator(data[train_end:], target[train_end:], BATCH)

model = keras.Sequential([
    keras.layers.Input(shape=(N_FEATURES,)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse", metrics=["mae"])

model.fit(train_gen, steps_per_epoch=train_end // BATCH, epochs=15, shuffle=True,  # expect: KL305
          validation_data=val_gen, validation_steps=(N_ROWS - train_end) // BATCH)
