# Custom GradientTape loop for a binary classifier on tabular data; the loss uses logits.
# Printed training accuracy looks far worse than what sklearn reports on the same predictions.
import numpy as np
import tensorflow as tf

tf.random.set_seed(36)

rng = np.random.default_rng(36)
X = rng.normal(size=(10000, 12)).astype("float32")
y = (X[:, 0] - X[:, 1] + 0.5 * rng.normal(size=10000) > 0).astype("float32").reshape(-1, 1)

ds = (tf.data.Dataset.from_tensor_slices((X, y))
      .shuffle(10000)
      .batch(64)
      .prefetch(tf.data.AUTOTUNE))

model = tf.keras.Sequential([
    tf.keras.Input(shape=(12,)),
    tf.keras.layers.Dense(32, activation="relu"),
    tf.keras.layers.Dropout(0.2),
    tf.keras.layers.Dense(1),
])
loss_fn = tf.keras.losses.BinaryCrossentropy(from_logits=True)
optimizer = tf.keras.optimizers.Adam(1e-3)
train_loss = tf.keras.metrics.Mean(name="train_loss")
train_acc = tf.keras.metrics.BinaryAccuracy(name="train_acc")  # expect: KL211


@tf.function
def train_step(xb, yb):
    with tf.GradientTape() as tape:
        logits = model(xb, training=True)
        loss = loss_fn(yb, logits)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    train_loss.update_state(loss)
    train_acc.update_state(yb, logits)


for epoch in range(10):
    train_loss.reset_state()
    train_acc.reset_state()
    for xb, yb in ds:
        train_step(xb, yb)
    print(f"epoch {epoch}: loss={float(train_loss.result()):.4f} acc={float(train_acc.result()):.4f}")
