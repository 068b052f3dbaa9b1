"""Custom layers that create their state in the right places (Keras 3).

- weights created in build() and in __init__ (known shape);
- call() only uses them, plus add_loss() and keras.ops tensors (not weights);
- a helper method called from build() that wraps add_weight.
"""
import numpy as np
import keras
from keras import layers, ops


class GainDense(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.gain = self.add_weight(shape=(units,), initializer="ones", name="gain")

    def _make_kernel(self, in_dim):
        return self.add_weight(shape=(in_dim, self.units), initializer="glorot_uniform",
                               name="kernel")

    def build(self, input_shape):
        self.kernel = self._make_kernel(input_shape[-1])
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")

    def call(self, inputs):
        return (ops.matmul(inputs, self.kernel) + self.bias) * self.gain

    def get_config(self):
        config = super().get_config()
        config.update({"units": self.units})
        return config


class ActivityPenalty(layers.Layer):
    def __init__(self, rate=1e-3, **kwargs):
        super().__init__(**kwargs)
        self.rate = rate

    def call(self, inputs):
        self.add_loss(self.rate * ops.mean(ops.square(inputs)))
        return inputs

    def get_config(self):
        config = super().get_config()
        config.update({"rate": self.rate})
        return config


keras.utils.set_random_seed(9)
x = np.random.rand(2048, 30).astype("float32")
y = np.random.randint(0, 3, size=(2048,))

inputs = keras.Input(shape=(30,))
h = GainDense(64)(inputs)
h = layers.Activation("relu")(h)
h = ActivityPenalty(1e-3)(h)
outputs = layers.Dense(3, activation="softmax")(h)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=5, batch_size=64)
