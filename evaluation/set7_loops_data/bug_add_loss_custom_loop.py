"""Dense VAE where the KL term is registered with add_loss() inside the sampling layer
(the old Keras VAE recipe), trained here with a custom loop instead of fit().

Reconstructions look fine but sampling from N(0, I) produces garbage: the posterior is
far from the prior.
"""
import tensorflow as tf
import keras
from keras import layers, ops

keras.utils.set_random_seed(2)

original_dim = 784
intermediate_dim = 256
latent_dim = 16


class KLSampling(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seed_generator = keras.random.SeedGenerator(2)

    def call(self, inputs):
        z_mean, z_log_var = inputs
        kl = -0.5 * ops.mean(ops.sum(1 + z_log_var - ops.square(z_mean) - ops.exp(z_log_var), axis=-1))
        self.add_loss(kl)
        eps = keras.random.normal(ops.shape(z_mean), seed=self.seed_generator)
        return z_mean + ops.exp(0.5 * z_log_var) * eps


inputs = keras.Input(shape=(original_dim,))
h = layers.Dense(intermediate_dim, activation="relu")(inputs)
z_mean = layers.Dense(latent_dim)(h)
z_log_var = layers.Dense(latent_dim)(h)
z = KLSampling()([z_mean, z_log_var])
decoder_h = layers.Dense(intermediate_dim, activation="relu")
decoder_out = layers.Dense(original_dim, activation="sigmoid")
outputs = decoder_out(decoder_h(z))
vae = keras.Model(inputs, outputs, name="vae")

latent_in = keras.Input(shape=(latent_dim,))
generator = keras.Model(latent_in, decoder_out(decoder_h(latent_in)), name="generator")

(x_train, _), (x_test, _) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, original_dim).astype("float32") / 255.0
dataset = tf.data.Dataset.from_tensor_slices(x_train).shuffle(60000).batch(128).prefetch(tf.data.AUTOTUNE)

optimizer = keras.optimizers.Adam(learning_rate=1e-3)
loss_metric = keras.metrics.Mean()


@tf.function
def train_step(x):
    with tf.GradientTape() as tape:
        reconstructed = vae(x, training=True)
        loss = original_dim * keras.losses.binary_crossentropy(x, reconstructed)  # expect: KL410
        loss = ops.mean(loss)
    grads = tape.gradient(loss, vae.trainable_weights)
    optimizer.apply_gradients(zip(grads, vae.trainable_weights))
    loss_metric.update_state(loss)


for epoch in range(20):
    loss_metric.reset_state()
    for x in dataset:
        train_step(x)
    print(f"epoch {epoch}: mean loss = {float(loss_metric.result()):.4f}")

samples = generator(keras.random.normal((16, latent_dim)), training=False)
print(samples.shape)
