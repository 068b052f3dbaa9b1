"""Subclassed MLP for Fashion-MNIST."""
import tensorflow as tf
from tensorflow.keras import layers

tf.keras.utils.set_random_seed(5)


class MLP(tf.keras.Model):
    def __init__(self, hidden_units, num_classes):  # expect: KL803
        self.flatten = layers.Flatten()
        self.hidden = [layers.Dense(u, activation="relu") for u in hidden_units]
        self.out = layers.Dense(num_classes, activation="softmax")

    def call(self, x):
        x = self.flatten(x)
        for layer in self.hidden:
            x = layer(x)
        return self.out(x)


(x_train, y_train), (x_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0

model = MLP([256, 128], 10)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=10, validation_data=(x_test, y_test))
