"""Sensor anomaly classifier with a home-made numpy initializer."""
import numpy as np
import tensorflow as tf
from tensorflow import keras


class NumpyInit(keras.initializers.Initializer):
    """Draws weights with numpy so runs match an older prototype."""

    def __init__(self, seed=0):
        self.seed = seed

    def __call__(self, shape, dtype=None):
        rng = np.random.RandomState(self.seed)
        return tf.constant(rng.random_sample(shape), dtype=dtype or tf.float32)

    def get_config(self):
        return {"seed": self.seed}


def make_windows(signal, labels, width=64):
    xs, ys = [], []
    for start in range(0, len(signal) - width, width // 2):
        xs.append(signal[start:start + width])
        ys.append(labels[start + width - 1])
    return np.stack(xs).astype("float32"), np.array(ys, dtype="int32")


def build(width, channels, n_classes):
    model = keras.Sequential([
        keras.Input(shape=(width, channels)),
        keras.layers.Conv1D(32, 5, padding="same", activation="relu"),
        keras.layers.GlobalAveragePooling1D(),
        keras.layers.Dense(64, activation="relu",
                           kernel_initializer=NumpyInit(seed=3)),  # expect: KL101
        keras.layers.Dense(n_classes, activation="softmax"),
    ])
    return model


if __name__ == "__main__":
    keras.utils.set_random_seed(0)
    raw = np.loadtxt("sensor_log.csv", delimiter=",", dtype="float32")
    signal, labels = raw[:, :6], raw[:, 6].astype("int32")
    x, y = make_windows(signal, labels)
    idx = np.random.permutation(len(x))
    x, y = x[idx], y[idx]
    model = build(64, 6, 3)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(x, y, epochs=15, batch_size=64, validation_split=0.2)
