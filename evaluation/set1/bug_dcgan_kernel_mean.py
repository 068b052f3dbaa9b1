"""DCGAN on 64x64 face crops.

Ported from the PyTorch DCGAN example ("all weights from N(0, 0.02), batchnorm
weights from N(1, 0.02)").  Generator output turns into flat grey images after a
few hundred steps and the discriminator loss goes to zero.
"""
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

LATENT_DIM = 100
BATCH = 128

# copied from weights_init() -- I think these are the right values?
conv_init = keras.initializers.RandomNormal(mean=1.0, stddev=0.02)
gamma_init = keras.initializers.RandomNormal(mean=1.0, stddev=0.02)
disc_init = keras.initializers.RandomNormal(mean=0.0, stddev=0.02)


def build_generator():
    z = keras.Input(shape=(LATENT_DIM,))
    x = layers.Dense(4 * 4 * 512, use_bias=False)(z)
    x = layers.Reshape((4, 4, 512))(x)
    x = layers.BatchNormalization(gamma_initializer=gamma_init)(x)
    x = layers.ReLU()(x)
    for filters in (256, 128, 64):
        x = layers.Conv2DTranspose(filters, 4, strides=2, padding="same", use_bias=False,
                                   kernel_initializer=conv_init)(x)  # expect: KL101
        x = layers.BatchNormalization(gamma_initializer=gamma_init)(x)
        x = layers.ReLU()(x)
    out = layers.Conv2DTranspose(3, 4, strides=2, padding="same", activation="tanh",
                                 kernel_initializer=conv_init)(x)  # expect: KL101
    return keras.Model(z, out, name="generator")


def build_discriminator():
    img = keras.Input(shape=(64, 64, 3))
    x = img
    for filters in (64, 128, 256, 512):
        x = layers.Conv2D(filters, 4, strides=2, padding="same", kernel_initializer=disc_init)(x)
        x = layers.LeakyReLU(0.2)(x)
    x = layers.Flatten()(x)
    logit = layers.Dense(1)(x)
    return keras.Model(img, logit, name="discriminator")


generator = build_generator()
discriminator = build_discriminator()
bce = keras.losses.BinaryCrossentropy(from_logits=True)
g_opt = keras.optimizers.Adam(2e-4, beta_1=0.5)
d_opt = keras.optimizers.Adam(2e-4, beta_1=0.5)


@tf.function
def train_step(real):
    noise = tf.random.normal([tf.shape(real)[0], LATENT_DIM])
    with tf.GradientTape() as gt, tf.GradientTape() as dt:
        fake = generator(noise, training=True)
        real_logits = discriminator(real, training=True)
        fake_logits = discriminator(fake, training=True)
        g_loss = bce(tf.ones_like(fake_logits), fake_logits)
        d_loss = bce(tf.ones_like(real_logits), real_logits) + bce(tf.zeros_like(fake_logits), fake_logits)
    g_opt.apply_gradients(zip(gt.gradient(g_loss, generator.trainable_variables), generator.trainable_variables))
    d_opt.apply_gradients(zip(dt.gradient(d_loss, discriminator.trainable_variables), discriminator.trainable_variables))
    return g_loss, d_loss


def load_faces(path):
    ds = keras.utils.image_dataset_from_directory(path, label_mode=None, image_size=(64, 64), batch_size=BATCH)
    return ds.map(lambda x: (x - 127.5) / 127.5).prefetch(tf.data.AUTOTUNE)


if __name__ == "__main__":
    data = load_faces("data/celeba")
    for epoch in range(25):
        for batch in data:
            g, d = train_step(batch)
        print(f"epoch {epoch}: g={float(g):.3f} d={float(d):.3f}")
