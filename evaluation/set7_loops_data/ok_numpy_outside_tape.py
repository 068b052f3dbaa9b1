# NumPy is used for preprocessing before the tape and for logging after it; nothing inside
# the tape leaves TensorFlow.
import numpy as np
import tensorflow as tf

np.random.seed(1)
tf.random.set_seed(1)

x = np.linspace(-3, 3, 2000, dtype=np.float32).reshape(-1, 1)
y = (0.5 * x[:, 0] ** 3 - x[:, 0] + np.random.normal(0, 0.5, 2000)).astype(np.float32)
x_mean, x_std = x.mean(), x.std()
y_mean, y_std = y.mean(), y.std()

model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(1,)),
    tf.keras.layers.Dense(32, activation="relu"),
    tf.keras.layers.Dense(32, activation="relu"),
    tf.keras.layers.Dense(1),
])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)


@tf.function
def train_step(xb, yb):
    with tf.GradientTape() as tape:
        y_pred = tf.squeeze(model(xb, training=True), axis=-1)
        loss = tf.reduce_mean(tf.square(yb - y_pred))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


rng = np.random.default_rng(1)
for epoch in range(200):
    order = rng.permutation(len(x))
    losses = []
    for start in range(0, len(x), 100):
        idx = order[start:start + 100]
        xb = np.asarray((x[idx] - x_mean) / x_std, dtype=np.float32)
        yb = np.asarray((y[idx] - y_mean) / y_std, dtype=np.float32)
        loss = train_step(xb, yb)
        losses.append(loss.numpy())
    if epoch % 20 == 0:
        print(epoch, float(np.mean(losses)))

pred = model((x - x_mean) / x_std, training=False).numpy().ravel() * y_std + y_mean
print("final RMSE:", float(np.sqrt(np.mean((pred - y) ** 2))))
