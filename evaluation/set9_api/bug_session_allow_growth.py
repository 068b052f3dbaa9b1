# CIFAR-10 CNN training script for TF 2.16. The GPU-memory snippet at the top was copied from a
# 2018 answer ("how to stop TensorFlow from grabbing all GPU memory").
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

config = tf.compat.v1.ConfigProto()  # expect: KL504
config.gpu_options.allow_growth = True
session = tf.compat.v1.Session(config=config)  # expect: KL504
tf.compat.v1.keras.backend.set_session(session)  # expect: KL504

tf.random.set_seed(10)

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0


def conv_block(x, filters):
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    return layers.MaxPooling2D()(x)


inputs = keras.Input(shape=(32, 32, 3))
x = conv_block(inputs, 32)
x = conv_block(x, 64)
x = conv_block(x, 128)
x = layers.Flatten()(x)
x = layers.Dense(256, activation="relu")(x)
x = layers.Dropout(0.5)(x)
outputs = layers.Dense(10, activation="softmax")(x)
model = keras.Model(inputs, outputs)

model.compile(optimizer=keras.optimizers.Adam(1e-3),
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=64, epochs=30, validation_data=(x_test, y_test))
