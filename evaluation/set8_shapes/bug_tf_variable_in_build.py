"""Custom linear layer written the TF way inside a Keras 3 layer.

The loss does not move at all; model.summary() shows 0 trainable params for it.
"""
import numpy as np
import tensorflow as tf
from tensorflow import keras


class MyLinear(keras.layers.Layer):
    def __init__(self, units=32, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        w_init = tf.random_normal_initializer(stddev=0.05)
        self.w = tf.Variable(initial_value=w_init(shape=(input_shape[-1], self.units), dtype="float32"), trainable=True)  # expect: KL808
        self.b = self.add_weight(shape=(self.units,), initializer="zeros", trainable=True, name="b")

    def call(self, inputs):
        return tf.matmul(inputs, self.w) + self.b

    def get_config(self):
        config = super().get_config()
        config.update({"units": self.units})
        return config


keras.utils.set_random_seed(6)
(x_train, y_train), _ = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0

inputs = keras.Input(shape=(784,))
h = MyLinear(128)(inputs)
h = keras.layers.Activation("relu")(h)
outputs = keras.layers.Dense(10, activation="softmax")(h)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.summary()
model.fit(x_train, y_train, epochs=3, batch_size=128)
