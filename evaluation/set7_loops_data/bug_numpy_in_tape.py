# I needed .numpy() in my train step to look at the predictions, so I turned on eager
# execution for tf.function. Now: "No gradients provided for any variable".
import numpy as np
import tensorflow as tf

tf.config.run_functions_eagerly(True)
tf.random.set_seed(9)

rng = np.random.default_rng(9)
X = rng.uniform(-1, 1, size=(4096, 6)).astype(np.float32)
y = (np.sin(X[:, :1] * 3) + X[:, 1:2] ** 2).astype(np.float32)

dataset = tf.data.Dataset.from_tensor_slices((X, y)).shuffle(4096).batch(128).prefetch(tf.data.AUTOTUNE)

model = tf.keras.Sequential([
    tf.keras.Input(shape=(6,)),
    tf.keras.layers.Dense(64, activation="tanh"),
    tf.keras.layers.Dense(64, activation="tanh"),
    tf.keras.layers.Dense(1),
])
optimizer = tf.keras.optimizers.Adam(1e-3)
mse = tf.keras.losses.MeanSquaredError()
loss_tracker = tf.keras.metrics.Mean()


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        preds = model(x, training=True).numpy()  # expect: KL403
        print("prediction range:", preds.min(), preds.max())
        loss = mse(y, preds)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


for epoch in range(20):
    loss_tracker.reset_state()
    for xb, yb in dataset:
        loss_tracker.update_state(train_step(xb, yb))
    print("epoch", epoch, "mse", float(loss_tracker.result()))
