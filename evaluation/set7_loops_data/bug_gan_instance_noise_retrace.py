"""MLP GAN on MNIST with annealed instance noise (noise std decays to 0 over 20 epochs)."""
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(21)

LATENT = 64
BATCH = 128
EPOCHS = 40

(x_train, _), _ = keras.datasets.mnist.load_data()
x_train = (x_train.reshape(-1, 784).astype("float32") - 127.5) / 127.5
dataset = tf.data.Dataset.from_tensor_slices(x_train).shuffle(60000).batch(BATCH, drop_remainder=True).prefetch(tf.data.AUTOTUNE)

generator = keras.Sequential([
    keras.Input(shape=(LATENT,)),
    layers.Dense(256),
    layers.LeakyReLU(0.2),
    layers.Dense(512),
    layers.LeakyReLU(0.2),
    layers.Dense(784, activation="tanh"),
], name="generator")

discriminator = keras.Sequential([
    keras.Input(shape=(784,)),
    layers.Dense(512),
    layers.LeakyReLU(0.2),
    layers.Dense(256),
    layers.LeakyReLU(0.2),
    layers.Dense(1),
], name="discriminator")

bce = keras.losses.BinaryCrossentropy(from_logits=True)
g_opt = keras.optimizers.Adam(2e-4, beta_1=0.5)
d_opt = keras.optimizers.Adam(2e-4, beta_1=0.5)
g_metric = keras.metrics.Mean()
d_metric = keras.metrics.Mean()


@tf.function
def train_step(real, noise_std):
    z = tf.random.normal([BATCH, LATENT])
    with tf.GradientTape() as d_tape, tf.GradientTape() as g_tape:
        fake = generator(z, training=True)
        real_noisy = real + tf.random.normal(tf.shape(real), stddev=noise_std)
        fake_noisy = fake + tf.random.normal(tf.shape(fake), stddev=noise_std)
        real_logits = discriminator(real_noisy, training=True)
        fake_logits = discriminator(fake_noisy, training=True)
        d_loss = bce(tf.ones_like(real_logits), real_logits) + bce(tf.zeros_like(fake_logits), fake_logits)
        g_loss = bce(tf.ones_like(fake_logits), fake_logits)
    d_grads = d_tape.gradient(d_loss, discriminator.trainable_variables)
    g_grads = g_tape.gradient(g_loss, generator.trainable_variables)
    d_opt.apply_gradients(zip(d_grads, discriminator.trainable_variables))
    g_opt.apply_gradients(zip(g_grads, generator.trainable_variables))
    d_metric.update_state(d_loss)
    g_metric.update_state(g_loss)


for epoch in range(EPOCHS):
    noise_std = max(0.0, 0.1 * (1.0 - epoch / 20.0))
    g_metric.reset_state()
    d_metric.reset_state()
    for real in dataset:
        train_step(real, noise_std)  # expect: KL408
    print(f"epoch {epoch}: noise {noise_std:.3f} d_loss {d_metric.result():.3f} g_loss {g_metric.result():.3f}")
