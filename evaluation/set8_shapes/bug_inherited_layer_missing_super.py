"""Two custom layers sharing a base class for their weight setup."""
import numpy as np
import keras
from keras import layers, ops


class ScaledLayerBase(layers.Layer):
    def __init__(self, units, scale=1.0, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.scale = scale

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units),
                                 initializer="glorot_uniform", name="w")
        self.b = self.add_weight(shape=(self.units,), initializer="zeros", name="b")

    def get_config(self):
        config = super().get_config()
        config.update({"units": self.units, "scale": self.scale})
        return config


class ScaledDense(ScaledLayerBase):
    def call(self, x):
        return self.scale * (ops.matmul(x, self.w) + self.b)


class ScaledGatedDense(ScaledLayerBase):
    def __init__(self, units, scale=1.0, gate_bias=-1.0, **kwargs):  # expect: KL803
        self.units = units
        self.scale = scale
        self.gate_bias = gate_bias

    def build(self, input_shape):
        super().build(input_shape)
        self.g = self.add_weight(shape=(input_shape[-1], self.units),
                                 initializer="glorot_uniform", name="g")

    def call(self, x):
        gate = ops.sigmoid(ops.matmul(x, self.g) + self.gate_bias)
        return gate * self.scale * (ops.matmul(x, self.w) + self.b)

    def get_config(self):
        config = super().get_config()
        config.update({"gate_bias": self.gate_bias})
        return config


keras.utils.set_random_seed(0)
x = np.random.rand(1000, 16).astype("float32")
y = np.random.rand(1000, 1).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(16,)),
    ScaledDense(32),
    layers.Activation("relu"),
    ScaledGatedDense(32, scale=0.5),
    layers.Activation("relu"),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=5, batch_size=32)
