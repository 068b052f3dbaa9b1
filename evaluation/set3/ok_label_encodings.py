# Comparing integer labels vs one-hot labels (blog: "sparse vs categorical cross-entropy")
import numpy as np
import tensorflow as tf
from tensorflow.keras.layers import Dense, Dropout, Flatten

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0


def make_model():
    return tf.keras.Sequential([
        tf.keras.Input(shape=(28, 28)),
        Flatten(),
        Dense(256, activation="relu"),
        Dropout(0.2),
        Dense(10, activation="softmax"),
    ])


# Variant 1: integer labels + sparse loss
m1 = make_model()
m1.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(), metrics=["accuracy"])
m1.fit(x_train, y_train, epochs=3, batch_size=128, validation_data=(x_test, y_test))

# Variant 2: one-hot labels + categorical loss (function form)
y_train_oh = tf.keras.utils.to_categorical(y_train, 10)
y_test_oh = tf.keras.utils.to_categorical(y_test, 10)
m2 = make_model()
m2.compile(optimizer="adam", loss=tf.keras.losses.categorical_crossentropy, metrics=["accuracy"])
m2.fit(x_train, y_train_oh, epochs=3, batch_size=128, validation_data=(x_test, y_test_oh))

# Variant 3: np.eye one-hot + CategoricalCrossentropy instance with label smoothing
y_train_eye = np.eye(10, dtype="float32")[y_train]
m3 = make_model()
m3.compile(optimizer="adam", loss=tf.keras.losses.CategoricalCrossentropy(label_smoothing=0.1),
           metrics=["accuracy"])
m3.fit(x_train, y_train_eye, epochs=3, batch_size=128)
