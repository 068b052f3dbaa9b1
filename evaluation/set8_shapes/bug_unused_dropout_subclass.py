"""Subclassed MLP for MNIST -- overfits more than the Sequential version with the same layers."""
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(0)

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
x_test = x_test.reshape(-1, 784).astype("float32") / 255.0


class DigitMLP(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.d1 = layers.Dense(512, activation="relu")
        self.drop1 = layers.Dropout(0.3)
        self.d2 = layers.Dense(256, activation="relu")
        self.drop2 = layers.Dropout(0.3)  # expect: KL816
        self.out = layers.Dense(10, activation="softmax")

    def call(self, x, training=False):
        x = self.d1(x)
        x = self.drop1(x, training=training)
        x = self.d2(x)
        return self.out(x)


model = DigitMLP()
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=20, batch_size=128, validation_data=(x_test, y_test))
