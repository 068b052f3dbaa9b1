# Simple 1-D regression with a custom loop; the weights never change.
import numpy as np
import tensorflow as tf

np.random.seed(1)
tf.random.set_seed(1)

x = np.linspace(-3, 3, 2000, dtype=np.float32).reshape(-1, 1)
y = (0.5 * x[:, 0] ** 3 - x[:, 0] + np.random.normal(0, 0.5, 2000)).astype(np.float32)

model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(1,)),
    tf.keras.layers.Dense(32, activation="relu"),
    tf.keras.layers.Dense(32, activation="relu"),
    tf.keras.layers.Dense(1),
])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)
dataset = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(2000).batch(100).prefetch(1)
epoch_mse = tf.keras.metrics.Mean()


def train_step(xb, yb):  # expect: KL404
    with tf.GradientTape() as tape:
        y_pred = np.squeeze(model(xb, training=True))  # expect: KL403
        loss = tf.reduce_mean(tf.square(yb - y_pred))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


for epoch in range(200):
    epoch_mse.reset_state()
    for xb, yb in dataset:
        epoch_mse.update_state(train_step(xb, yb))
    if epoch % 20 == 0:
        print(epoch, epoch_mse.result().numpy())
