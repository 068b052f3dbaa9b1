"""DCGAN-style discriminator trained alone as a real/fake image classifier (sanity check)."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(5)

(x_real, _), _ = keras.datasets.mnist.load_data()
x_real = (x_real[:6000].astype("float32") - 127.5) / 127.5
x_real = x_real[..., None]
x_fake = np.random.uniform(-1, 1, size=(6000, 28, 28, 1)).astype("float32")
x = np.concatenate([x_real, x_fake])
y = np.concatenate([np.ones(6000), np.zeros(6000)]).astype("float32")
perm = np.random.permutation(len(x))
x, y = x[perm], y[perm]

discriminator = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(64, 4, strides=2, padding="same"),
        layers.LeakyReLU(negative_slope=0.2),
        layers.Conv2D(128, 4, strides=2, padding="same", activation="relu"),
        layers.LeakyReLU(negative_slope=0.2),  # expect: KL812
        layers.Flatten(),
        layers.Dropout(0.2),
        layers.Dense(1, activation="sigmoid"),
    ],
    name="discriminator",
)
discriminator.compile(optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                      loss="binary_crossentropy", metrics=["accuracy"])
discriminator.fit(x, y, epochs=3, batch_size=128, validation_split=0.1)
