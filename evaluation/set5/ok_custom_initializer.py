# Custom initialisers that are correct: an Initializer subclass drawing zero-mean
# He-scaled normals, a def that computes a fan-in scaled uniform, and a custom layer
# whose 2-D kernel uses glorot while its 1-D bias and scale use Constant/ones.
import math
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


class ScaledHeNormal(keras.initializers.Initializer):
    def __init__(self, gain=1.0):
        self.gain = gain

    def __call__(self, shape, dtype=None, **kwargs):
        fan_in = math.prod(shape[:-1])
        std = self.gain * math.sqrt(2.0 / fan_in)
        return tf.random.normal(shape, mean=0.0, stddev=std, dtype=dtype or tf.float32)

    def get_config(self):
        return {"gain": self.gain}


def fan_in_uniform(shape, dtype=None):
    limit = 1.0 / math.sqrt(shape[0])
    return tf.random.uniform(shape, -limit, limit, dtype=dtype or tf.float32)


class ScaledDense(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.kernel = self.add_weight(name="kernel", shape=(input_shape[-1], self.units),
                                      initializer="glorot_uniform")
        self.bias = self.add_weight(name="bias", shape=(self.units,),
                                    initializer=keras.initializers.Constant(0.1))
        self.scale = self.add_weight(name="scale", shape=(self.units,), initializer="ones")

    def call(self, x):
        return tf.nn.relu(self.scale * (tf.matmul(x, self.kernel) + self.bias))

    def get_config(self):
        cfg = super().get_config()
        cfg["units"] = self.units
        return cfg


model = keras.Sequential([
    keras.Input(shape=(784,)),
    layers.Dense(512, activation="relu", kernel_initializer=ScaledHeNormal(gain=1.0)),
    layers.Dense(256, activation="tanh", kernel_initializer=fan_in_uniform),
    ScaledDense(128),
    layers.Dense(10, activation="softmax"),
])
(x_train, y_train), _ = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=2, batch_size=128)
