"""VAE on satellite tiles stored as one big .npy (~60 GB).

"ValueError: Cannot create a tensor proto whose content is larger than 2GB"
or the process is simply killed while building the dataset.
"""
import numpy as np
import tensorflow as tf
from tensorflow import keras

BATCH = 128
LATENT = 32

dataset = tf.data.Dataset.from_tensor_slices(np.load("tiles_128x128x4.npy"))  # not expected since issue 7: np.load of a size the code does not state (was KL302)
dataset = dataset.map(lambda t: tf.cast(t, tf.float32) / 10000.0).shuffle(4096).batch(BATCH).prefetch(2)


class Sampling(keras.layers.Layer):
    def call(self, inputs):
        mean, log_var = inputs
        eps = tf.random.normal(tf.shape(mean))
        return mean + tf.exp(0.5 * log_var) * eps


enc_in = keras.Input(shape=(128, 128, 4))
x = keras.layers.Conv2D(32, 3, strides=2, padding="same", activation="relu")(enc_in)
x = keras.layers.Conv2D(64, 3, strides=2, padding="same", activation="relu")(x)
x = keras.layers.Flatten()(x)
z_mean = keras.layers.Dense(LATENT)(x)
z_log_var = keras.layers.Dense(LATENT)(x)
z = Sampling()([z_mean, z_log_var])
d = keras.layers.Dense(32 * 32 * 64, activation="relu")(z)
d = keras.layers.Reshape((32, 32, 64))(d)
d = keras.layers.Conv2DTranspose(32, 3, strides=2, padding="same", activation="relu")(d)
dec_out = keras.layers.Conv2DTranspose(4, 3, strides=2, padding="same")(d)
vae = keras.Model(enc_in, dec_out)

kl = -0.5 * tf.reduce_mean(1 + z_log_var - tf.square(z_mean) - tf.exp(z_log_var))
vae.add_loss(kl)
vae.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse")
vae.fit(dataset.map(lambda t: (t, t)), epochs=20)
