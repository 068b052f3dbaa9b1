"""Keras 3 backend-agnostic gated dense block, used in a tabular multi-class model."""
import numpy as np
import keras
from keras import layers, ops


@keras.saving.register_keras_serializable(package="tabular")
class GatedDense(layers.Layer):
    """y = (xW + b) * sigmoid(xV + c)  (GLU-style)."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        d = input_shape[-1]
        self.w = self.add_weight(shape=(d, self.units), initializer="glorot_uniform", name="w")
        self.v = self.add_weight(shape=(d, self.units),
                                 initializer=keras.initializers.VarianceScaling(1.0, "fan_in"),
                                 name="v")
        self.b = self.add_weight(shape=(self.units,), initializer="zeros", name="b")
        self.c = self.add_weight(shape=(self.units,), initializer="ones", name="c")

    def call(self, x):
        return (ops.matmul(x, self.w) + self.b) * ops.sigmoid(ops.matmul(x, self.v) + self.c)

    def get_config(self):
        config = super().get_config()
        config["units"] = self.units
        return config


def build(n_features, n_classes):
    inputs = keras.Input(shape=(n_features,))
    x = GatedDense(128)(inputs)
    x = layers.LayerNormalization()(x)
    x = GatedDense(64)(x)
    outputs = layers.Dense(n_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)


if __name__ == "__main__":
    keras.utils.set_random_seed(64)
    arr = np.load("covertype.npy", mmap_mode="r")
    x = np.asarray(arr[:, :-1], dtype="float32")
    labels = np.asarray(arr[:, -1], dtype="int64") - 1   # cover types 1..7
    x = (x - x.mean(0)) / (x.std(0) + 1e-6)
    y = keras.utils.to_categorical(labels, num_classes=7)
    perm = np.random.permutation(len(x))
    x, y = x[perm], y[perm]
    model = build(x.shape[1], 7)
    model.compile(optimizer=keras.optimizers.Adam(2e-3),
                  loss=keras.losses.CategoricalCrossentropy(),
                  metrics=[keras.metrics.CategoricalAccuracy(name="acc")])
    model.fit(x, y, batch_size=1024, epochs=20, validation_split=0.1)
