# Binary churn classifier (low-level TF). The loss is exactly 0 from the first step and the
# model predicts 1.0 for every customer.
import numpy as np
import tensorflow as tf

tf.random.set_seed(9)
rng = np.random.default_rng(9)

n, d = 4000, 12
X = rng.normal(size=(n, d)).astype(np.float32)
y = ((X[:, 0] - X[:, 3] + 0.5 * X[:, 7]) > 0.3).astype(np.float32).reshape(-1, 1)


class ChurnModel(tf.Module):
    def __init__(self, n_in, n_hidden=16):
        super().__init__()
        he = tf.keras.initializers.HeUniform(seed=9)
        self.w1 = tf.Variable(he(shape=(n_in, n_hidden)))
        self.b1 = tf.Variable(tf.zeros([n_hidden]))
        self.w2 = tf.Variable(tf.keras.initializers.GlorotUniform(seed=9)(shape=(n_hidden, 1)))
        self.b2 = tf.Variable(tf.zeros([1]))

    def __call__(self, x):
        h = tf.nn.relu(tf.matmul(x, self.w1) + self.b1)
        return tf.nn.softmax(tf.matmul(h, self.w2) + self.b2)


model = ChurnModel(d)
optimizer = tf.keras.optimizers.Adam(1e-3)
ds = tf.data.Dataset.from_tensor_slices((X, y)).shuffle(n).batch(64).prefetch(tf.data.AUTOTUNE)
epoch_loss = tf.keras.metrics.Mean()


@tf.function
def train_step(xb, yb):
    with tf.GradientTape() as tape:
        probs = model(xb)
        loss = tf.reduce_mean(tf.keras.losses.binary_crossentropy(yb, probs))  # expect: KL203
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    epoch_loss.update_state(loss)


for epoch in range(20):
    epoch_loss.reset_state()
    for xb, yb in ds:
        train_step(xb, yb)
    print(epoch, float(epoch_loss.result()))
