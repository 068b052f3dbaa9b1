# Comparing "train from scratch" vs "continue from the baseline weights" on augmented data.
# The baseline is trained first, then a clone gets the baseline weights and is trained further.
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(8)

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.astype("float32")[..., None] / 255.0
x_test = x_test.astype("float32")[..., None] / 255.0


def augment(images, rng):
    shifted = np.roll(images, shift=rng.integers(-2, 3), axis=1)
    return np.roll(shifted, shift=rng.integers(-2, 3), axis=2)


baseline = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(64, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
baseline.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
baseline.fit(x_train, y_train, epochs=3, batch_size=128, validation_split=0.1)
print("baseline:", baseline.evaluate(x_test, y_test, verbose=0))

rng = np.random.default_rng(8)
x_aug = augment(x_train, rng)

continued = keras.models.clone_model(baseline)
continued.set_weights(baseline.get_weights())
continued.fit(x_aug, y_train, epochs=3, batch_size=128, validation_split=0.1)  # expect: KL506
print("continued:", continued.evaluate(x_test, y_test, verbose=0))  # expect: KL506
