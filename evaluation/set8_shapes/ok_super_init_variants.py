"""Different but valid ways of initialising the base class, plus classes that are
not Keras layers at all (no super().__init__ needed there)."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


class RBFLayer(layers.Layer):
    def __init__(self, units, gamma, **kwargs):
        super(RBFLayer, self).__init__(**kwargs)
        self.units = units
        self.gamma = float(gamma)

    def build(self, input_shape):
        self.mu = self.add_weight(name="mu", shape=(int(input_shape[1]), self.units),
                                  initializer="glorot_uniform", trainable=True)

    def call(self, inputs):
        diff = tf.expand_dims(inputs, -1) - self.mu
        return tf.exp(-self.gamma * tf.reduce_sum(tf.square(diff), axis=1))

    def get_config(self):
        config = super(RBFLayer, self).get_config()
        config.update({"units": self.units, "gamma": self.gamma})
        return config


class Squash(layers.Layer):
    """No __init__ at all: the base class one is used."""

    def call(self, x):
        return x / (1.0 + tf.abs(x))


class CenterLayer(layers.Layer):
    def __init__(self, center=0.5, **kwargs):
        layers.Layer.__init__(self, **kwargs)
        self.center = center

    def call(self, x):
        return x - self.center

    def get_config(self):
        config = super().get_config()
        config.update({"center": self.center})
        return config


class DataConfig:
    def __init__(self, n=1000, noise=0.1):
        self.n = n
        self.noise = noise


class BatchMaker:
    def __init__(self, cfg):
        self.cfg = cfg

    def make(self):
        X = np.random.uniform(-1, 1, size=(self.cfg.n, 2)).astype("float32")
        y = (np.sum(X ** 2, axis=1) < 0.5).astype("float32")
        return X, y


tf.random.set_seed(1)
X, y = BatchMaker(DataConfig()).make()
model = keras.Sequential([
    keras.Input(shape=(2,)),
    CenterLayer(0.0),
    RBFLayer(10, 0.5),
    Squash(),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X, y, batch_size=32, epochs=50, verbose=0)
