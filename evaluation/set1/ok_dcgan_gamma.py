"""DCGAN (Radford et al.) with the paper's initialisation done right:
conv kernels ~ N(0, 0.02); BatchNorm gamma ~ N(1, 0.02) (a scale, not a kernel);
discriminator returns a logit and the loss is built with from_logits=True.
"""
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

LATENT_DIM = 100
kernel_init = keras.initializers.RandomNormal(mean=0.0, stddev=0.02)
gamma_init = keras.initializers.RandomNormal(mean=1.0, stddev=0.02)


def generator():
    z = keras.Input(shape=(LATENT_DIM,))
    x = layers.Dense(4 * 4 * 256, use_bias=False, kernel_initializer=kernel_init)(z)
    x = layers.Reshape((4, 4, 256))(x)
    for f in (128, 64, 32):
        x = layers.Conv2DTranspose(f, 4, strides=2, padding="same", use_bias=False,
                                   kernel_initializer=kernel_init)(x)
        x = layers.BatchNormalization(gamma_initializer=gamma_init, beta_initializer="zeros")(x)
        x = layers.ReLU()(x)
    img = layers.Conv2DTranspose(3, 4, strides=2, padding="same", activation="tanh",
                                 kernel_initializer=kernel_init)(x)
    return keras.Model(z, img)


def discriminator():
    img = keras.Input(shape=(64, 64, 3))
    x = img
    for f in (64, 128, 256):
        x = layers.Conv2D(f, 4, strides=2, padding="same", kernel_initializer=kernel_init)(x)
        x = layers.BatchNormalization(gamma_initializer=gamma_init)(x)
        x = layers.LeakyReLU(0.2)(x)
    x = layers.Flatten()(x)
    return keras.Model(img, layers.Dense(1, kernel_initializer=kernel_init)(x))


G, D = generator(), discriminator()
bce = keras.losses.BinaryCrossentropy(from_logits=True)
opt_g = keras.optimizers.Adam(2e-4, beta_1=0.5)
opt_d = keras.optimizers.Adam(2e-4, beta_1=0.5)


@tf.function
def step(real):
    z = tf.random.normal([tf.shape(real)[0], LATENT_DIM])
    with tf.GradientTape() as tg, tf.GradientTape() as td:
        fake = G(z, training=True)
        r, f = D(real, training=True), D(fake, training=True)
        loss_g = bce(tf.ones_like(f), f)
        loss_d = bce(tf.ones_like(r), r) + bce(tf.zeros_like(f), f)
    opt_g.apply_gradients(zip(tg.gradient(loss_g, G.trainable_variables), G.trainable_variables))
    opt_d.apply_gradients(zip(td.gradient(loss_d, D.trainable_variables), D.trainable_variables))
    return loss_g, loss_d


ds = keras.utils.image_dataset_from_directory("faces", label_mode=None, image_size=(64, 64), batch_size=128)
ds = ds.map(lambda x: x / 127.5 - 1.0).prefetch(tf.data.AUTOTUNE)
for epoch in range(20):
    for batch in ds:
        lg, ld = step(batch)
    print(epoch, float(lg), float(ld))
