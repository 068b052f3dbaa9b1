"""Legacy tf_keras (Keras 2) project: tf.Variable attributes on a Layer are tracked
by Keras 2's automatic dependency tracking, so this is the documented Keras 2 way."""
import numpy as np
import tensorflow as tf
import tf_keras as keras
from tf_keras import layers

tf.random.set_seed(7)


class Linear(layers.Layer):
    def __init__(self, units=32, input_dim=32, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        w_init = tf.random_normal_initializer(stddev=0.05)
        self.w = tf.Variable(initial_value=w_init(shape=(input_dim, units), dtype="float32"),
                             trainable=True)
        b_init = tf.zeros_initializer()
        self.b = tf.Variable(initial_value=b_init(shape=(units,), dtype="float32"),
                             trainable=True)

    def call(self, inputs):
        return tf.matmul(inputs, self.w) + self.b

    def get_config(self):
        config = super().get_config()
        config.update({"units": self.units, "input_dim": int(self.w.shape[0])})
        return config


x = np.random.rand(3000, 16).astype("float32")
y = np.random.randint(0, 4, size=(3000,))

inputs = keras.Input(shape=(16,))
h = Linear(64, 16)(inputs)
h = layers.Activation("relu")(h)
outputs = layers.Dense(4, activation="softmax")(h)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=5, batch_size=32)
print(len(model.trainable_weights))   # 4: w, b, dense kernel, dense bias
