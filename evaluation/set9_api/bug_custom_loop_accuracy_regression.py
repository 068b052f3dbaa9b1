# Custom training loop for a house-value regressor, with train metrics tracked by hand.
import numpy as np
import keras
import tensorflow as tf
from keras import layers

keras.utils.set_random_seed(50)

rng = np.random.default_rng(50)
X = rng.normal(size=(8000, 8)).astype("float32")
y = (1.5 + X[:, 0] - 0.4 * X[:, 3] + 0.2 * X[:, 5] ** 2 + rng.normal(scale=0.2, size=8000)).astype("float32")
y = y.reshape(-1, 1)

train_ds = (tf.data.Dataset.from_tensor_slices((X, y))
            .shuffle(8000)
            .batch(64)
            .prefetch(tf.data.AUTOTUNE))

model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(32, activation="relu"),
    layers.Dense(1),
])

loss_fn = keras.losses.MeanSquaredError()  # expect: KL207
optimizer = keras.optimizers.Adam(learning_rate=1e-3)
train_loss = keras.metrics.Mean(name="loss")
train_acc = keras.metrics.Accuracy(name="accuracy")


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        pred = model(x, training=True)
        loss = loss_fn(y, pred)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    train_loss.update_state(loss)
    train_acc.update_state(y, pred)


for epoch in range(30):
    train_loss.reset_state()
    train_acc.reset_state()
    for xb, yb in train_ds:
        train_step(xb, yb)
    print(f"epoch {epoch}: loss={float(train_loss.result()):.4f} acc={float(train_acc.result()):.4f}")
