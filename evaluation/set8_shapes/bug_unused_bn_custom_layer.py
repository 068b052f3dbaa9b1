"""Custom conv block layer (Keras 3) used in a small CIFAR model."""
import numpy as np
import keras
from keras import layers


class ConvBNReLU(layers.Layer):
    def __init__(self, filters, kernel_size=3, **kwargs):
        super().__init__(**kwargs)
        self.filters = filters
        self.kernel_size = kernel_size
        self.conv = layers.Conv2D(filters, kernel_size, padding="same", use_bias=False)
        self.bn = layers.BatchNormalization()  # expect: KL816
        self.act = layers.ReLU()

    def call(self, x, training=None):
        return self.act(self.conv(x))

    def get_config(self):
        config = super().get_config()
        config.update({"filters": self.filters, "kernel_size": self.kernel_size})
        return config


keras.utils.set_random_seed(32)
(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_train = x_train[:20000].astype("float32") / 255.0
y_train = y_train[:20000]
x_test = x_test.astype("float32") / 255.0

model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    ConvBNReLU(32),
    layers.MaxPooling2D(),
    ConvBNReLU(64),
    layers.MaxPooling2D(),
    ConvBNReLU(128),
    layers.GlobalAveragePooling2D(),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=10, batch_size=64, validation_data=(x_test, y_test))
