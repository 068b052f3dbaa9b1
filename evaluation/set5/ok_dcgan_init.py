# DCGAN (Radford et al.) as written in many Keras/TF tutorials: all conv kernels
# from N(0, 0.02), BatchNorm gamma from N(1, 0.02), generator tanh output and a
# discriminator that returns a logit trained with BinaryCrossentropy(from_logits=True).
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

LATENT = 100
conv_init = keras.initializers.RandomNormal(mean=0.0, stddev=0.02)
gamma_init = keras.initializers.RandomNormal(mean=1.0, stddev=0.02)


def make_generator():
    return keras.Sequential([
        keras.Input(shape=(LATENT,)),
        layers.Dense(4 * 4 * 512, use_bias=False, kernel_initializer=conv_init),
        layers.Reshape((4, 4, 512)),
        layers.BatchNormalization(gamma_initializer=gamma_init),
        layers.ReLU(),
        layers.Conv2DTranspose(256, 4, strides=2, padding="same", use_bias=False, kernel_initializer=conv_init),
        layers.BatchNormalization(gamma_initializer=gamma_init),
        layers.ReLU(),
        layers.Conv2DTranspose(128, 4, strides=2, padding="same", use_bias=False, kernel_initializer=conv_init),
        layers.BatchNormalization(gamma_initializer=gamma_init),
        layers.ReLU(),
        layers.Conv2DTranspose(3, 4, strides=2, padding="same", activation="tanh", kernel_initializer=conv_init),
    ], name="generator")


def make_discriminator():
    return keras.Sequential([
        keras.Input(shape=(32, 32, 3)),
        layers.Conv2D(64, 4, strides=2, padding="same", kernel_initializer=conv_init),
        layers.LeakyReLU(0.2),
        layers.Conv2D(128, 4, strides=2, padding="same", use_bias=False, kernel_initializer=conv_init),
        layers.BatchNormalization(gamma_initializer=gamma_init),
        layers.LeakyReLU(0.2),
        layers.Conv2D(256, 4, strides=2, padding="same", use_bias=False, kernel_initializer=conv_init),
        layers.BatchNormalization(gamma_initializer=gamma_init),
        layers.LeakyReLU(0.2),
        layers.Flatten(),
        layers.Dense(1, kernel_initializer=conv_init),
    ], name="discriminator")


generator = make_generator()
discriminator = make_discriminator()
cross_entropy = keras.losses.BinaryCrossentropy(from_logits=True)
g_opt = keras.optimizers.Adam(learning_rate=2e-4, beta_1=0.5)
d_opt = keras.optimizers.Adam(learning_rate=2e-4, beta_1=0.5)


@tf.function
def train_step(real_images):
    noise = tf.random.normal([tf.shape(real_images)[0], LATENT])
    with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
        fake = generator(noise, training=True)
        real_logits = discriminator(real_images, training=True)
        fake_logits = discriminator(fake, training=True)
        g_loss = cross_entropy(tf.ones_like(fake_logits), fake_logits)
        d_loss = (cross_entropy(tf.ones_like(real_logits), real_logits)
                  + cross_entropy(tf.zeros_like(fake_logits), fake_logits))
    g_opt.apply_gradients(zip(g_tape.gradient(g_loss, generator.trainable_variables), generator.trainable_variables))
    d_opt.apply_gradients(zip(d_tape.gradient(d_loss, discriminator.trainable_variables), discriminator.trainable_variables))
    return g_loss, d_loss


(x_train, _), _ = keras.datasets.cifar10.load_data()
ds = tf.data.Dataset.from_tensor_slices(x_train.astype("float32") / 127.5 - 1.0).shuffle(50000).batch(128).prefetch(2)
for epoch in range(2):
    for batch in ds:
        g_loss, d_loss = train_step(batch)
    print(epoch, float(g_loss), float(d_loss))
