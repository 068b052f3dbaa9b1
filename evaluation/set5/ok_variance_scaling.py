# Kaiming/He initialisation written out explicitly as VarianceScaling(scale=2.0)
# (what he_normal is), LeCun normal for SELU, Glorot for tanh. All fan-in scaled.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

he = tf.keras.initializers.VarianceScaling(scale=2.0, mode="fan_in", distribution="truncated_normal")
he_uniform = tf.keras.initializers.VarianceScaling(2.0, "fan_in", "uniform")
lecun = tf.keras.initializers.LecunNormal(seed=0)

inputs = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(32, 3, activation="relu", kernel_initializer=he)(inputs)
x = layers.Conv2D(64, 3, activation="relu", kernel_initializer=he_uniform)(x)
x = layers.MaxPooling2D()(x)
x = layers.Flatten()(x)
x = layers.Dense(256, activation="selu", kernel_initializer=lecun)(x)
x = layers.AlphaDropout(0.1)(x)
x = layers.Dense(128, activation="tanh", kernel_initializer=keras.initializers.GlorotUniform())(x)
x = layers.Dense(64, activation="relu",
                 kernel_initializer=keras.initializers.TruncatedNormal(mean=0.0, stddev=np.sqrt(2.0 / 128)))(x)
outputs = layers.Dense(10, activation="softmax", kernel_initializer="glorot_uniform")(x)
model = keras.Model(inputs, outputs)

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = (x_train[..., None] / 255.0).astype("float32")
x_test = (x_test[..., None] / 255.0).astype("float32")

model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=128, epochs=3, validation_split=0.1)
print(model.evaluate(x_test, y_test, verbose=0))
