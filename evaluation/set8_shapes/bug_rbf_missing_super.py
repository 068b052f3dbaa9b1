# RBF layer from a Stack Overflow answer, rewritten from memory.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import backend as K


class RBFLayer(keras.layers.Layer):
    def __init__(self, units, gamma, **kwargs):  # expect: KL803
        self.units = units
        self.gamma = K.cast_to_floatx(gamma)

    def build(self, input_shape):
        self.mu = self.add_weight(name="mu",
                                  shape=(int(input_shape[1]), self.units),
                                  initializer="glorot_uniform",
                                  trainable=True)
        super().build(input_shape)

    def call(self, inputs):
        diff = tf.expand_dims(inputs, -1) - self.mu
        l2 = tf.reduce_sum(tf.square(diff), axis=1)
        return tf.exp(-1 * self.gamma * l2)

    def get_config(self):
        config = super().get_config()
        config.update({"units": self.units, "gamma": float(self.gamma)})
        return config


tf.random.set_seed(1)
X = np.random.uniform(-1, 1, size=(1000, 2)).astype("float32")
y = (np.sum(X ** 2, axis=1) < 0.5).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(2,)),
    RBFLayer(10, 0.5),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X, y, batch_size=32, epochs=100, verbose=0)
