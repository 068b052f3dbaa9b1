"""Dense VAE on MNIST with an overridden train_step (Keras 3, TensorFlow backend).

Reconstructions are uniformly grey; the reconstruction loss goes negative.
"""
import numpy as np
import tensorflow as tf
import keras
from keras import layers, ops

keras.utils.set_random_seed(6)

LATENT = 8


class Sampling(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seed_generator = keras.random.SeedGenerator(6)

    def call(self, inputs):
        z_mean, z_log_var = inputs
        eps = keras.random.normal(ops.shape(z_mean), seed=self.seed_generator)
        return z_mean + ops.exp(0.5 * z_log_var) * eps


def build_encoder():
    inputs = keras.Input(shape=(784,))
    h = layers.Dense(512, activation="relu")(inputs)
    h = layers.Dense(256, activation="relu")(h)
    z_mean = layers.Dense(LATENT, name="z_mean")(h)
    z_log_var = layers.Dense(LATENT, name="z_log_var")(h)
    z = Sampling()([z_mean, z_log_var])
    return keras.Model(inputs, [z_mean, z_log_var, z], name="encoder")


def build_decoder():
    inputs = keras.Input(shape=(LATENT,))
    h = layers.Dense(256, activation="relu")(inputs)
    h = layers.Dense(512, activation="relu")(h)
    outputs = layers.Dense(784, activation="sigmoid")(h)
    return keras.Model(inputs, outputs, name="decoder")


class VAE(keras.Model):
    def __init__(self, encoder, decoder, **kwargs):
        super().__init__(**kwargs)
        self.encoder = encoder
        self.decoder = decoder
        self.total_loss_tracker = keras.metrics.Mean(name="loss")
        self.recon_tracker = keras.metrics.Mean(name="recon")
        self.kl_tracker = keras.metrics.Mean(name="kl")

    @property
    def metrics(self):
        return [self.total_loss_tracker, self.recon_tracker, self.kl_tracker]

    def train_step(self, data):
        with tf.GradientTape() as tape:
            z_mean, z_log_var, z = self.encoder(data, training=True)
            reconstruction = self.decoder(z, training=True)
            recon_loss = 784 * ops.mean(keras.losses.binary_crossentropy(reconstruction, data))  # expect: KL212
            kl_loss = -0.5 * ops.mean(ops.sum(1 + z_log_var - ops.square(z_mean) - ops.exp(z_log_var), axis=1))
            total_loss = recon_loss + kl_loss
        grads = tape.gradient(total_loss, self.trainable_weights)
        self.optimizer.apply_gradients(zip(grads, self.trainable_weights))
        self.total_loss_tracker.update_state(total_loss)
        self.recon_tracker.update_state(recon_loss)
        self.kl_tracker.update_state(kl_loss)
        return {m.name: m.result() for m in self.metrics}


(x_train, _), (x_test, _) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
x_test = x_test.reshape(-1, 784).astype("float32") / 255.0

vae = VAE(build_encoder(), build_decoder())
vae.compile(optimizer=keras.optimizers.Adam(1e-3))
vae.fit(x_train, epochs=20, batch_size=128)

_, _, z = vae.encoder.predict(x_test[:10], verbose=0)
recon = vae.decoder.predict(z, verbose=0)
print("reconstruction error:", np.mean((recon - x_test[:10]) ** 2))
