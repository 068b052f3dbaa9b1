"""Conditional-free DCGAN on Fashion-MNIST, loss functions split into helpers.

The discriminator wins immediately and the generator loss drifts to large negative-looking
values; samples never improve.
"""
import tensorflow as tf
from tensorflow.keras import layers

tf.keras.utils.set_random_seed(40)

BATCH_SIZE = 128
NOISE_DIM = 100
EPOCHS = 40

(train_images, _), _ = tf.keras.datasets.fashion_mnist.load_data()
train_images = (train_images.reshape(-1, 28, 28, 1).astype("float32") - 127.5) / 127.5
dataset = (tf.data.Dataset.from_tensor_slices(train_images)
           .shuffle(60000).batch(BATCH_SIZE, drop_remainder=True).prefetch(tf.data.AUTOTUNE))


def build_generator():
    return tf.keras.Sequential([
        layers.Input(shape=(NOISE_DIM,)),
        layers.Dense(7 * 7 * 128, use_bias=False),
        layers.BatchNormalization(),
        layers.LeakyReLU(),
        layers.Reshape((7, 7, 128)),
        layers.Conv2DTranspose(64, 4, strides=2, padding="same", use_bias=False),
        layers.BatchNormalization(),
        layers.LeakyReLU(),
        layers.Conv2DTranspose(1, 4, strides=2, padding="same", activation="tanh"),
    ])


def build_discriminator():
    return tf.keras.Sequential([
        layers.Input(shape=(28, 28, 1)),
        layers.Conv2D(64, 4, strides=2, padding="same"),
        layers.LeakyReLU(0.2),
        layers.Conv2D(128, 4, strides=2, padding="same"),
        layers.LeakyReLU(0.2),
        layers.Flatten(),
        layers.Dense(1),
    ])


generator = build_generator()
discriminator = build_discriminator()
cross_entropy = tf.keras.losses.BinaryCrossentropy(from_logits=True)


def discriminator_loss(real_output, fake_output):
    real_loss = cross_entropy(tf.ones_like(real_output), real_output)
    fake_loss = cross_entropy(tf.zeros_like(fake_output), fake_output)
    return real_loss + fake_loss


def generator_loss(fake_output):
    return cross_entropy(fake_output, tf.ones_like(fake_output))  # expect: KL212


g_opt = tf.keras.optimizers.Adam(2e-4, beta_1=0.5)
d_opt = tf.keras.optimizers.Adam(2e-4, beta_1=0.5)
g_mean = tf.keras.metrics.Mean()
d_mean = tf.keras.metrics.Mean()


@tf.function
def train_step(images):
    noise = tf.random.normal([BATCH_SIZE, NOISE_DIM])
    with tf.GradientTape() as gen_tape, tf.GradientTape() as disc_tape:
        generated = generator(noise, training=True)
        real_output = discriminator(images, training=True)
        fake_output = discriminator(generated, training=True)
        gen_loss = generator_loss(fake_output)
        disc_loss = discriminator_loss(real_output, fake_output)
    g_opt.apply_gradients(zip(gen_tape.gradient(gen_loss, generator.trainable_variables),
                              generator.trainable_variables))
    d_opt.apply_gradients(zip(disc_tape.gradient(disc_loss, discriminator.trainable_variables),
                              discriminator.trainable_variables))
    g_mean.update_state(gen_loss)
    d_mean.update_state(disc_loss)


for epoch in range(EPOCHS):
    g_mean.reset_state()
    d_mean.reset_state()
    for batch in dataset:
        train_step(batch)
    print(f"epoch {epoch + 1}: gen {g_mean.result():.4f} disc {d_mean.result():.4f}")
