# Learnable-slope activation (like PReLU but a single scalar), Keras 3.
# model.trainable_weights does not list the slope and it stays at 0.25.
import numpy as np
import tensorflow as tf
import keras
from keras import layers


class ScalarPReLU(layers.Layer):
    def __init__(self, init_slope=0.25, **kwargs):
        super().__init__(**kwargs)
        self.init_slope = init_slope
        self.slope = tf.Variable(init_slope, trainable=True, dtype=tf.float32, name="slope")  # expect: KL808

    def call(self, x):
        return tf.maximum(x, 0.0) + self.slope * tf.minimum(x, 0.0)

    def get_config(self):
        config = super().get_config()
        config.update({"init_slope": self.init_slope})
        return config


keras.utils.set_random_seed(4)
x = np.random.randn(4000, 20).astype("float32")
y = (np.sin(x[:, 0]) + x[:, 1] ** 2 > 0.7).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(20,)),
    layers.Dense(64),
    ScalarPReLU(),
    layers.Dense(64),
    ScalarPReLU(),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=10, batch_size=64)
print(len(model.trainable_weights), "trainable weights")
