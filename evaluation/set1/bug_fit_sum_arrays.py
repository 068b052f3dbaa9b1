"""Denoising autoencoder benchmark on synthetic spectra.

Each array alone is "only" ~720 MB, so I assumed fitting in memory was fine,
but the fit call needs both inputs and targets copied to the device.
"""
import numpy as np
import tensorflow as tf

N_SAMPLES = 30000
N_BINS = 3000

rng = np.random.default_rng(0)
clean = np.random.rand(30000, 3000)
noisy = np.random.rand(30000, 3000)

inputs = tf.keras.Input(shape=(N_BINS,))
h = tf.keras.layers.Dense(512, activation="relu")(inputs)
h = tf.keras.layers.Dense(128, activation="relu")(h)
h = tf.keras.layers.Dense(512, activation="relu")(h)
outputs = tf.keras.layers.Dense(N_BINS)(h)
autoencoder = tf.keras.Model(inputs, outputs)
autoencoder.compile(optimizer="adam", loss="mse")

autoencoder.fit(noisy, clean, epochs=10, batch_size=256)  # expect: KL301

small = np.random.rand(100, N_BINS)
recon = autoencoder.predict(small)
print(np.mean((recon - small) ** 2))
