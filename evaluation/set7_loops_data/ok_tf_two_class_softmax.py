# Binary problem encoded as two classes: a 2-unit softmax output with one-hot labels and
# categorical cross-entropy (equivalent to a sigmoid + BCE). Biases start at a small
# constant, which is fine for 1-D weights.
import numpy as np
import tensorflow as tf

tf.random.set_seed(9)
rng = np.random.default_rng(9)

n, d = 4000, 12
X = rng.normal(size=(n, d)).astype(np.float32)
labels = ((X[:, 0] - X[:, 3] + 0.5 * X[:, 7]) > 0.3).astype(np.int32)
Y = np.eye(2, dtype=np.float32)[labels]


class TwoClassNet(tf.Module):
    def __init__(self, n_in, n_hidden=32):
        super().__init__()
        self.w1 = tf.Variable(tf.random.normal([n_in, n_hidden], stddev=np.sqrt(2.0 / n_in)))
        self.b1 = tf.Variable(tf.ones([n_hidden]) * 0.01)
        self.w2 = tf.Variable(tf.random.normal([n_hidden, 2], stddev=np.sqrt(1.0 / n_hidden)))
        self.b2 = tf.Variable(tf.zeros([2]))

    def __call__(self, x):
        h = tf.nn.relu(tf.matmul(x, self.w1) + self.b1)
        return tf.nn.softmax(tf.matmul(h, self.w2) + self.b2)


model = TwoClassNet(d)
optimizer = tf.keras.optimizers.Adam(1e-3)
ds = tf.data.Dataset.from_tensor_slices((X, Y)).shuffle(n).batch(64).prefetch(tf.data.AUTOTUNE)
epoch_loss = tf.keras.metrics.Mean()


@tf.function
def train_step(xb, yb):
    with tf.GradientTape() as tape:
        probs = model(xb)
        loss = tf.reduce_mean(tf.keras.losses.categorical_crossentropy(yb, probs))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    epoch_loss.update_state(loss)


for epoch in range(20):
    epoch_loss.reset_state()
    for xb, yb in ds:
        train_step(xb, yb)
    acc = np.mean(np.argmax(model(X).numpy(), axis=1) == labels)
    print(epoch, float(epoch_loss.result()), acc)
