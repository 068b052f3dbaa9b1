# TensorBoard shows a very noisy train loss curve compared to the validation curve.
import datetime

import numpy as np
import tensorflow as tf

tf.random.set_seed(19)

rng = np.random.default_rng(19)
X = rng.normal(size=(20000, 30)).astype("float32")
w = rng.normal(size=(30, 1)).astype("float32")
y = (X @ w + 0.3 * rng.normal(size=(20000, 1))).astype("float32")

train_ds = tf.data.Dataset.from_tensor_slices((X[:16000], y[:16000])).shuffle(16000).batch(64).prefetch(tf.data.AUTOTUNE)
val_ds = tf.data.Dataset.from_tensor_slices((X[16000:], y[16000:])).batch(256).prefetch(tf.data.AUTOTUNE)

model = tf.keras.Sequential([
    tf.keras.Input(shape=(30,)),
    tf.keras.layers.Dense(64, activation="relu"),
    tf.keras.layers.Dense(1),
])
optimizer = tf.keras.optimizers.Adam(1e-3)
loss_fn = tf.keras.losses.MeanSquaredError()
val_loss = tf.keras.metrics.Mean()

log_dir = "logs/" + datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
train_writer = tf.summary.create_file_writer(log_dir + "/train")
val_writer = tf.summary.create_file_writer(log_dir + "/val")


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


@tf.function
def val_step(x, y):
    val_loss.update_state(loss_fn(y, model(x, training=False)))


for epoch in range(30):
    for x, y in train_ds:
        loss = train_step(x, y)
    with train_writer.as_default():
        tf.summary.scalar("loss", loss, step=epoch)  # expect: KL407
    val_loss.reset_state()
    for x, y in val_ds:
        val_step(x, y)
    with val_writer.as_default():
        tf.summary.scalar("loss", val_loss.result(), step=epoch)
