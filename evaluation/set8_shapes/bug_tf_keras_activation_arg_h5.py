# Legacy project still on tf_keras (Keras 2). Custom residual dense block;
# saving to HDF5 at the end of training fails.
import numpy as np
import tensorflow as tf
import tf_keras as keras
from tf_keras import layers

tf.random.set_seed(8)


class ResidualDense(layers.Layer):  # expect: KL804
    def __init__(self, units, activation, **kwargs):
        super(ResidualDense, self).__init__(**kwargs)
        self.units = units
        self.activation = keras.activations.get(activation)
        self.dense1 = layers.Dense(units)
        self.dense2 = layers.Dense(units)

    def call(self, x):
        h = self.activation(self.dense1(x))
        h = self.dense2(h)
        return self.activation(h + x)


X = np.random.rand(2000, 64).astype("float32")
y = np.random.randint(0, 4, size=(2000,))

inputs = keras.Input(shape=(64,))
h = ResidualDense(64, activation=tf.nn.swish)(inputs)
h = ResidualDense(64, activation=tf.nn.swish)(h)
outputs = layers.Dense(4, activation="softmax")(h)
model = keras.Model(inputs, outputs)

model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=5, batch_size=32)
model.save("residual_model.h5")
