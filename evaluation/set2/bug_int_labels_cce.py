"""Kuzushiji-style 10-class glyph classifier; labels kept as class ids."""
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(6)

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = np.expand_dims(x_train, -1).astype("float32") / 255.0
x_test = np.expand_dims(x_test, -1).astype("float32") / 255.0
print("label example:", y_train[:10])


def conv_net(num_classes=10, width=32):
    inputs = keras.Input(shape=(28, 28, 1))
    x = inputs
    for mult in (1, 2):
        x = layers.Conv2D(width * mult, 3, padding="same", activation="relu")(x)
        x = layers.Conv2D(width * mult, 3, padding="same", activation="relu")(x)
        x = layers.MaxPooling2D()(x)
    x = layers.Flatten()(x)
    x = layers.Dense(128, activation="relu")(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)


model = conv_net()
model.compile(  # expect: KL205
    optimizer="adam",
    loss=keras.losses.CategoricalCrossentropy(),
    metrics=["accuracy"],
)
model.fit(x_train, y_train, epochs=8, batch_size=64, validation_data=(x_test, y_test))
