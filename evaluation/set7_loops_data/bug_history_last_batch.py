"""Autoencoder on Fashion-MNIST with a hand-written loop and loss curves.

The training curve is much noisier than the validation curve and sometimes sits below it,
which makes it hard to judge over-fitting.
"""
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(16)

(x_train, _), (x_test, _) = keras.datasets.fashion_mnist.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0

train_ds = tf.data.Dataset.from_tensor_slices(x_train).shuffle(60000).batch(256).prefetch(tf.data.AUTOTUNE)
val_ds = tf.data.Dataset.from_tensor_slices(x_test).batch(256).prefetch(tf.data.AUTOTUNE)

latent_dim = 64
encoder = keras.Sequential([
    keras.Input(shape=(28, 28)),
    layers.Flatten(),
    layers.Dense(256, activation="relu"),
    layers.Dense(latent_dim, activation="relu"),
])
decoder = keras.Sequential([
    keras.Input(shape=(latent_dim,)),
    layers.Dense(256, activation="relu"),
    layers.Dense(784, activation="sigmoid"),
    layers.Reshape((28, 28)),
])
autoencoder = keras.Sequential([encoder, decoder])
optimizer = keras.optimizers.Adam(1e-3)
mse = keras.losses.MeanSquaredError()
val_loss = keras.metrics.Mean()


@tf.function
def train_step(x):
    with tf.GradientTape() as tape:
        recon = autoencoder(x, training=True)
        loss = mse(x, recon)
    grads = tape.gradient(loss, autoencoder.trainable_variables)
    optimizer.apply_gradients(zip(grads, autoencoder.trainable_variables))
    return loss


@tf.function
def val_step(x):
    val_loss.update_state(mse(x, autoencoder(x, training=False)))


history = {"loss": [], "val_loss": []}
for epoch in range(20):
    for x in train_ds:
        loss_value = train_step(x)
    history["loss"].append(float(loss_value))  # expect: KL407
    val_loss.reset_state()
    for x in val_ds:
        val_step(x)
    history["val_loss"].append(float(val_loss.result()))

plt.plot(history["loss"], label="train")
plt.plot(history["val_loss"], label="val")
plt.xlabel("epoch")
plt.ylabel("MSE")
plt.legend()
plt.savefig("ae_curves.png")
