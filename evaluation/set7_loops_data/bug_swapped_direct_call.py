# Pima diabetes, small custom loop. Accuracy goes to 65% (majority class) and stays there.
import numpy as np
import pandas as pd
import tensorflow as tf

tf.random.set_seed(7)

df = pd.read_csv("pima-indians-diabetes.csv", header=None)
X = df.iloc[:, :8].to_numpy(dtype="float32")
y = df.iloc[:, 8].to_numpy(dtype="float32").reshape(-1, 1)
X = (X - X.mean(axis=0)) / (X.std(axis=0) + 1e-7)

idx = np.random.default_rng(7).permutation(len(X))
train_idx, test_idx = idx[:614], idx[614:]
ds = tf.data.Dataset.from_tensor_slices((X[train_idx], y[train_idx])).shuffle(614).batch(16).prefetch(tf.data.AUTOTUNE)

model = tf.keras.Sequential([
    tf.keras.Input(shape=(8,)),
    tf.keras.layers.Dense(12, activation="relu"),
    tf.keras.layers.Dense(8, activation="relu"),
    tf.keras.layers.Dense(1, activation="sigmoid"),
])
loss_fn = tf.keras.losses.BinaryCrossentropy()
optimizer = tf.keras.optimizers.Adam(learning_rate=1e-3)
acc = tf.keras.metrics.BinaryAccuracy()
loss_avg = tf.keras.metrics.Mean()


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = loss_fn(model(x, training=True), y)  # expect: KL212
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    loss_avg.update_state(loss)


for epoch in range(150):
    loss_avg.reset_state()
    for xb, yb in ds:
        train_step(xb, yb)
    if epoch % 25 == 0:
        acc.reset_state()
        acc.update_state(y[test_idx], model(X[test_idx], training=False))
        print(epoch, "loss", float(loss_avg.result()), "test acc", float(acc.result()))
