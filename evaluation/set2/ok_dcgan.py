"""DCGAN (Radford et al.) on CIFAR-10 frogs, custom training loop."""
import tensorflow as tf
import keras
from keras import layers

keras.utils.set_random_seed(0)
LATENT = 128
BATCH = 128

w_init = keras.initializers.RandomNormal(mean=0.0, stddev=0.02)
gamma_init = keras.initializers.RandomNormal(mean=1.0, stddev=0.02)


def generator():
    z = keras.Input(shape=(LATENT,))
    x = layers.Dense(4 * 4 * 256, use_bias=False, kernel_initializer=w_init)(z)
    x = layers.Reshape((4, 4, 256))(x)
    x = layers.BatchNormalization(gamma_initializer=gamma_init)(x)
    x = layers.ReLU()(x)
    for filters in (128, 64):
        x = layers.Conv2DTranspose(filters, 4, strides=2, padding="same", use_bias=False,
                                   kernel_initializer=w_init)(x)
        x = layers.BatchNormalization(gamma_initializer=gamma_init)(x)
        x = layers.ReLU()(x)
    img = layers.Conv2DTranspose(3, 4, strides=2, padding="same", activation="tanh",
                                 kernel_initializer=w_init)(x)
    return keras.Model(z, img, name="G")


def discriminator():
    img = keras.Input(shape=(32, 32, 3))
    x = img
    for filters in (64, 128, 256):
        x = layers.Conv2D(filters, 4, strides=2, padding="same", kernel_initializer=w_init)(x)
        x = layers.LeakyReLU(0.2)(x)
    x = layers.Flatten()(x)
    logit = layers.Dense(1, kernel_initializer=w_init)(x)
    return keras.Model(img, logit, name="D")


G, D = generator(), discriminator()
cross_entropy = keras.losses.BinaryCrossentropy(from_logits=True)
g_optimizer = keras.optimizers.Adam(2e-4, beta_1=0.5)
d_optimizer = keras.optimizers.Adam(2e-4, beta_1=0.5)


@tf.function
def train_step(real):
    z = tf.random.normal((tf.shape(real)[0], LATENT))
    with tf.GradientTape() as gt, tf.GradientTape() as dt:
        fake = G(z, training=True)
        real_logit = D(real, training=True)
        fake_logit = D(fake, training=True)
        d_loss = (cross_entropy(tf.ones_like(real_logit) * 0.9, real_logit)
                  + cross_entropy(tf.zeros_like(fake_logit), fake_logit))
        g_loss = cross_entropy(tf.ones_like(fake_logit), fake_logit)
    d_optimizer.apply_gradients(zip(dt.gradient(d_loss, D.trainable_variables),
                                    D.trainable_variables))
    g_optimizer.apply_gradients(zip(gt.gradient(g_loss, G.trainable_variables),
                                    G.trainable_variables))
    return d_loss, g_loss


(x, y), _ = keras.datasets.cifar10.load_data()
frogs = x[y.ravel() == 6].astype("float32") / 127.5 - 1.0
ds = tf.data.Dataset.from_tensor_slices(frogs).shuffle(len(frogs)).batch(BATCH).prefetch(2)

d_mean = keras.metrics.Mean()
g_mean = keras.metrics.Mean()
for epoch in range(100):
    d_mean.reset_state()
    g_mean.reset_state()
    for batch in ds:
        d_loss, g_loss = train_step(batch)
        d_mean.update_state(d_loss)
        g_mean.update_state(g_loss)
    print(f"epoch {epoch}: D={d_mean.result():.3f} G={g_mean.result():.3f}")
G.save("dcgan_frogs_G.keras")
