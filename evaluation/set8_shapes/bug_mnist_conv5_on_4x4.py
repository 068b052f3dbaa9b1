# LeNet-like MNIST model with a third conv layer that I added with "same" padding
# so the shapes would not break.
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(28)

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.astype("float32")[..., np.newaxis] / 255.0
x_test = x_test.astype("float32")[..., np.newaxis] / 255.0

inputs = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(32, 5, activation="relu")(inputs)
x = layers.MaxPooling2D(2)(x)
x = layers.Conv2D(64, 5, activation="relu")(x)
x = layers.MaxPooling2D(2)(x)
x = layers.Conv2D(128, (5, 5), padding="same", activation="relu")(x)  # expect: KL809
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(10, activation="softmax")(x)
model = keras.Model(inputs, outputs, name="lenet_plus")

model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, batch_size=128, validation_split=0.1)
print(model.evaluate(x_test, y_test, verbose=0))
