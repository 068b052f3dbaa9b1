"""Vanilla GAN on MNIST with a custom GradientTape loop.

The discriminator outputs a probability (sigmoid). Both losses barely move
(d_loss ~1.38, g_loss ~0.69) and the samples never look like digits.
"""
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(1)

LATENT_DIM = 100
BATCH_SIZE = 64
EPOCHS = 50

(x_train, _), (_, _) = keras.datasets.mnist.load_data()
x_train = (x_train.astype("float32") - 127.5) / 127.5
x_train = x_train.reshape(-1, 784)
dataset = tf.data.Dataset.from_tensor_slices(x_train).shuffle(60000).batch(BATCH_SIZE, drop_remainder=True).prefetch(tf.data.AUTOTUNE)


def build_generator():
    return keras.Sequential([
        keras.Input(shape=(LATENT_DIM,)),
        layers.Dense(256),
        layers.LeakyReLU(0.2),
        layers.Dense(512),
        layers.LeakyReLU(0.2),
        layers.Dense(1024),
        layers.LeakyReLU(0.2),
        layers.Dense(784, activation="tanh"),
    ], name="generator")


def build_discriminator():
    return keras.Sequential([
        keras.Input(shape=(784,)),
        layers.Dense(512),
        layers.LeakyReLU(0.2),
        layers.Dense(256),
        layers.LeakyReLU(0.2),
        layers.Dense(1, activation="sigmoid"),
    ], name="discriminator")


generator = build_generator()
discriminator = build_discriminator()

loss_fn = keras.losses.BinaryCrossentropy(from_logits=True)  # expect: KL201
g_optimizer = keras.optimizers.Adam(2e-4, beta_1=0.5)
d_optimizer = keras.optimizers.Adam(2e-4, beta_1=0.5)
d_loss_tracker = keras.metrics.Mean()
g_loss_tracker = keras.metrics.Mean()


@tf.function
def train_step(real_images):
    noise = tf.random.normal([BATCH_SIZE, LATENT_DIM])
    with tf.GradientTape() as d_tape:
        fake_images = generator(noise, training=True)
        real_pred = discriminator(real_images, training=True)
        fake_pred = discriminator(fake_images, training=True)
        d_loss = loss_fn(tf.ones_like(real_pred), real_pred) + loss_fn(tf.zeros_like(fake_pred), fake_pred)
    d_grads = d_tape.gradient(d_loss, discriminator.trainable_variables)
    d_optimizer.apply_gradients(zip(d_grads, discriminator.trainable_variables))

    noise = tf.random.normal([BATCH_SIZE, LATENT_DIM])
    with tf.GradientTape() as g_tape:
        fake_pred = discriminator(generator(noise, training=True), training=True)
        g_loss = loss_fn(tf.ones_like(fake_pred), fake_pred)
    g_grads = g_tape.gradient(g_loss, generator.trainable_variables)
    g_optimizer.apply_gradients(zip(g_grads, generator.trainable_variables))
    d_loss_tracker.update_state(d_loss)
    g_loss_tracker.update_state(g_loss)


for epoch in range(EPOCHS):
    d_loss_tracker.reset_state()
    g_loss_tracker.reset_state()
    for batch in dataset:
        train_step(batch)
    print(f"epoch {epoch + 1}: d_loss={d_loss_tracker.result():.4f} g_loss={g_loss_tracker.result():.4f}")
