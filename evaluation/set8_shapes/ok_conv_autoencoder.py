"""Convolutional denoising autoencoder on MNIST.

The encoder widens (32 -> 64); the decoder narrows again (64 -> 32 -> 1) with
transposed convolutions, as decoders do -- it is not a feature extractor.
"""
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(2)

(x_train, _), (x_test, _) = keras.datasets.mnist.load_data()
x_train = np.expand_dims(x_train.astype("float32") / 255.0, -1)
x_test = np.expand_dims(x_test.astype("float32") / 255.0, -1)
noise = 0.4
x_train_noisy = np.clip(x_train + noise * np.random.normal(size=x_train.shape), 0.0, 1.0).astype("float32")
x_test_noisy = np.clip(x_test + noise * np.random.normal(size=x_test.shape), 0.0, 1.0).astype("float32")

inputs = keras.Input(shape=(28, 28, 1))
# encoder
x = layers.Conv2D(32, 3, activation="relu", padding="same")(inputs)
x = layers.MaxPooling2D(2, padding="same")(x)                     # 14x14
x = layers.Conv2D(64, 3, activation="relu", padding="same")(x)
x = layers.MaxPooling2D(2, padding="same")(x)                     # 7x7
# decoder
x = layers.Conv2DTranspose(64, 3, strides=2, activation="relu", padding="same")(x)   # 14x14
x = layers.Conv2DTranspose(32, 3, strides=2, activation="relu", padding="same")(x)   # 28x28
outputs = layers.Conv2D(1, 3, activation="sigmoid", padding="same")(x)

autoencoder = keras.Model(inputs, outputs)
autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
autoencoder.fit(x_train_noisy, x_train, epochs=10, batch_size=128, shuffle=True,
                validation_data=(x_test_noisy, x_test))
