# TF 2.16+ with Keras 3 installed: `tf.keras` and `keras` are the same library, so a model that
# uses both spellings (tutorial code pasted next to keras.io code) is a single Keras 3 model.
import numpy as np
import tensorflow as tf
import keras
from keras import layers

keras.utils.set_random_seed(314)

(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0

inputs = keras.Input(shape=(28, 28))
x = tf.keras.layers.Flatten()(inputs)
x = layers.Dense(256, activation="relu")(x)
x = tf.keras.layers.Dropout(0.3)(x)
x = layers.Dense(128, activation="relu")(x)
outputs = tf.keras.layers.Dense(10, activation="softmax")(x)
model = keras.Model(inputs, outputs)

model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=1e-3),
              loss=keras.losses.SparseCategoricalCrossentropy(),
              metrics=[tf.keras.metrics.SparseCategoricalAccuracy(name="accuracy")])
callbacks = [tf.keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=3,
                                              restore_best_weights=True)]
model.fit(x_train, y_train, epochs=30, batch_size=128, validation_split=0.1, callbacks=callbacks)
print(model.evaluate(x_test, y_test, verbose=0))
