"""DCGAN on MNIST digits, custom training loop."""
import tensorflow as tf
import keras
from keras import layers

keras.utils.set_random_seed(11)
LATENT_DIM = 100
BATCH = 256

gen_init = keras.initializers.RandomNormal(mean=0.0, stddev=1.0)
disc_init = keras.initializers.RandomNormal(mean=0.0, stddev=0.02)


def make_generator():
    return keras.Sequential([
        keras.Input(shape=(LATENT_DIM,)),
        layers.Dense(7 * 7 * 128, use_bias=False, kernel_initializer=disc_init),
        layers.BatchNormalization(),
        layers.ReLU(),
        layers.Reshape((7, 7, 128)),
        layers.Conv2DTranspose(64, 4, strides=2, padding="same", activation="relu",
                               kernel_initializer=gen_init),  # expect: KL102
        layers.Conv2DTranspose(1, 4, strides=2, padding="same", activation="tanh",
                               kernel_initializer=gen_init),  # expect: KL102
    ], name="generator")


def make_discriminator():
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(64, 4, strides=2, padding="same", kernel_initializer=disc_init),
        layers.LeakyReLU(0.2),
        layers.Conv2D(128, 4, strides=2, padding="same", kernel_initializer=disc_init),
        layers.LeakyReLU(0.2),
        layers.Dropout(0.3),
        layers.Flatten(),
        layers.Dense(1, kernel_initializer=disc_init),
    ], name="discriminator")


generator = make_generator()
discriminator = make_discriminator()
bce = keras.losses.BinaryCrossentropy()  # expect: KL202
g_opt = keras.optimizers.Adam(2e-4, beta_1=0.5)
d_opt = keras.optimizers.Adam(2e-4, beta_1=0.5)


@tf.function
def train_step(real):
    noise = tf.random.normal((tf.shape(real)[0], LATENT_DIM))
    with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
        fake = generator(noise, training=True)
        real_out = discriminator(real, training=True)
        fake_out = discriminator(fake, training=True)
        d_loss = bce(tf.ones_like(real_out), real_out) + bce(tf.zeros_like(fake_out), fake_out)
        g_loss = bce(tf.ones_like(fake_out), fake_out)
    g_grads = g_tape.gradient(g_loss, generator.trainable_variables)
    d_grads = d_tape.gradient(d_loss, discriminator.trainable_variables)
    g_opt.apply_gradients(zip(g_grads, generator.trainable_variables))
    d_opt.apply_gradients(zip(d_grads, discriminator.trainable_variables))
    return g_loss, d_loss


(x_train, _), _ = keras.datasets.mnist.load_data()
x_train = (x_train.astype("float32") - 127.5) / 127.5
x_train = x_train[..., None]
ds = tf.data.Dataset.from_tensor_slices(x_train).shuffle(60000).batch(BATCH).prefetch(tf.data.AUTOTUNE)

for epoch in range(50):
    for batch in ds:
        g_loss, d_loss = train_step(batch)
    print(f"epoch {epoch}: g={float(g_loss):.3f} d={float(d_loss):.3f}")
    generator.save(f"gen_{epoch:03d}.keras")
