"""Streaming CSV-like rows from a Python generator into a custom training loop."""
import numpy as np
import tensorflow as tf

tf.random.set_seed(13)

N_FEATURES = 16
rng = np.random.default_rng(13)
true_w = rng.normal(size=(N_FEATURES,)).astype(np.float32)


def row_generator():
    local_rng = np.random.default_rng(13)
    for _ in range(40000):
        x = local_rng.normal(size=(N_FEATURES,)).astype(np.float32)
        y = np.float32(x @ true_w + 0.1 * local_rng.normal())
        yield x, y


dataset = tf.data.Dataset.from_generator(
    row_generator,
    output_signature=(tf.TensorSpec(shape=(N_FEATURES,), dtype=tf.float32),
                      tf.TensorSpec(shape=(), dtype=tf.float32)),
)
dataset = dataset.shuffle(4096)
dataset = dataset.batch(256)
dataset = dataset.prefetch(tf.data.AUTOTUNE)

model = tf.keras.Sequential([
    tf.keras.Input(shape=(N_FEATURES,)),
    tf.keras.layers.Dense(32, activation="relu"),
    tf.keras.layers.Dense(1),
])
optimizer = tf.keras.optimizers.Adam(1e-3)
mse = tf.keras.losses.MeanSquaredError()
epoch_loss = tf.keras.metrics.Mean()


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        pred = model(x, training=True)
        loss = mse(y[:, None], pred)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    epoch_loss.update_state(loss)


for epoch in range(10):
    epoch_loss.reset_state()
    for x, y in dataset:
        train_step(x, y)
    print(f"epoch {epoch}: mse {epoch_loss.result():.5f}")
