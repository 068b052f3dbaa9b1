# Custom dense layer with a learnable per-unit gain. The gain never moves away
# from 1.0 and model.summary() reports more parameters after every batch.
import numpy as np
import tensorflow as tf
from tensorflow import keras


class GainDense(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.kernel = self.add_weight(
            name="kernel",
            shape=(input_shape[-1], self.units),
            initializer="glorot_uniform",
            trainable=True,
        )
        self.bias = self.add_weight(name="bias", shape=(self.units,),
                                    initializer="zeros", trainable=True)

    def call(self, inputs):
        gain = self.add_weight(name="gain", shape=(self.units,), initializer="ones", trainable=True)  # expect: KL802
        return (tf.matmul(inputs, self.kernel) + self.bias) * gain

    def get_config(self):
        config = super().get_config()
        config.update({"units": self.units})
        return config


keras.utils.set_random_seed(9)
x = np.random.rand(2048, 30).astype("float32")
y = np.random.randint(0, 3, size=(2048,))

inputs = keras.Input(shape=(30,))
h = GainDense(64)(inputs)
h = keras.layers.Activation("relu")(h)
outputs = keras.layers.Dense(3, activation="softmax")(h)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=10, batch_size=64)
