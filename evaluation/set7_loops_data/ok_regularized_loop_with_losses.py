"""Custom loops on regularized models that do add the regularization losses."""
import numpy as np
import tensorflow as tf
import keras
from keras import layers, regularizers, ops

keras.utils.set_random_seed(2)

# --- 1) L2 kernel regularizers + Dropout, loss adds sum(model.losses) -----------------
FEATURES = 28
rng = np.random.default_rng(2)
X = rng.normal(size=(11000, FEATURES)).astype("float32")
w = rng.normal(size=(FEATURES,)).astype("float32")
y = ((X @ w + rng.normal(scale=2.0, size=len(X))) > 0).astype("float32")[:, None]

train_ds = tf.data.Dataset.from_tensor_slices((X[:10000], y[:10000])).shuffle(10000).batch(500).prefetch(tf.data.AUTOTUNE)

inputs = keras.Input(shape=(FEATURES,))
h = layers.Dense(512, activation="elu", kernel_regularizer=regularizers.l2(1e-4))(inputs)
h = layers.Dropout(0.5)(h)
h = layers.Dense(512, activation="elu", kernel_regularizer=regularizers.l2(1e-4))(h)
h = layers.Dropout(0.5)(h)
outputs = layers.Dense(1)(h)
clf = keras.Model(inputs, outputs)

bce = keras.losses.BinaryCrossentropy(from_logits=True)
clf_opt = keras.optimizers.Adam(1e-3)
clf_loss = keras.metrics.Mean()


@tf.function
def clf_step(x, y):
    with tf.GradientTape() as tape:
        logits = clf(x, training=True)
        loss = bce(y, logits)
        loss += sum(clf.losses)
    grads = tape.gradient(loss, clf.trainable_variables)
    clf_opt.apply_gradients(zip(grads, clf.trainable_variables))
    clf_loss.update_state(loss)


# --- 2) VAE-style layer using add_loss, loss adds tf.add_n(model.losses) -------------
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


vae_in = keras.Input(shape=(784,))
h = layers.Dense(256, activation="relu")(vae_in)
z = KLSampling()([layers.Dense(16)(h), layers.Dense(16)(h)])
vae_out = layers.Dense(784, activation="sigmoid")(layers.Dense(256, activation="relu")(z))
vae = keras.Model(vae_in, vae_out)

(x_mnist, _), _ = keras.datasets.mnist.load_data()
x_mnist = x_mnist.reshape(-1, 784).astype("float32") / 255.0
mnist_ds = tf.data.Dataset.from_tensor_slices(x_mnist).shuffle(60000).batch(128).prefetch(tf.data.AUTOTUNE)
vae_opt = keras.optimizers.Adam(1e-3)
vae_loss = keras.metrics.Mean()


@tf.function
def vae_step(x):
    with tf.GradientTape() as tape:
        recon = vae(x, training=True)
        loss = ops.mean(784 * keras.losses.binary_crossentropy(x, recon)) + tf.add_n(vae.losses)
    grads = tape.gradient(loss, vae.trainable_weights)
    vae_opt.apply_gradients(zip(grads, vae.trainable_weights))
    vae_loss.update_state(loss)


for epoch in range(10):
    clf_loss.reset_state()
    vae_loss.reset_state()
    for xb, yb in train_ds:
        clf_step(xb, yb)
    for xb in mnist_ds:
        vae_step(xb)
    print(epoch, float(clf_loss.result()), float(vae_loss.result()))
