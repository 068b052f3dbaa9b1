"""Binary anomaly detector on sensor windows, custom training loop.

The train loss is exactly 0 after the first step and every window is scored 1.0.
"""
import numpy as np
import tensorflow as tf

WINDOW = 64
CHANNELS = 6


def build_model():
    inputs = tf.keras.Input(shape=(WINDOW, CHANNELS))
    x = tf.keras.layers.Conv1D(32, 5, activation="relu")(inputs)
    x = tf.keras.layers.Conv1D(32, 5, activation="relu")(x)
    x = tf.keras.layers.GlobalMaxPooling1D()(x)
    x = tf.keras.layers.Dense(16, activation="relu")(x)
    outputs = tf.keras.layers.Dense(1, activation=tf.nn.softmax)(x)
    return tf.keras.Model(inputs, outputs)


model = build_model()
loss_fn = tf.keras.losses.BinaryCrossentropy()  # expect: KL203
optimizer = tf.keras.optimizers.Adam(5e-4)

windows = np.load("windows_small.npy", mmap_mode="r")
targets = np.loadtxt("window_labels.txt", dtype=np.float32)
train = tf.data.Dataset.from_generator(
    lambda: ((np.asarray(windows[i], np.float32), targets[i]) for i in range(len(targets))),
    output_signature=(tf.TensorSpec((WINDOW, CHANNELS), tf.float32), tf.TensorSpec((), tf.float32)),
).shuffle(1024).batch(64)


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        p = model(x, training=True)
        loss = loss_fn(y[:, None], p)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


for epoch in range(20):
    epoch_losses = []
    for xb, yb in train:
        epoch_losses.append(float(train_step(xb, yb)))
    print(f"epoch {epoch}: {np.mean(epoch_losses):.5f}")
