# Ported a TF1 logistic-regression-with-hidden-layer script to TF2 eager.
# The loss goes negative / NaN after a few hundred steps.
import numpy as np
import tensorflow as tf

tf.random.set_seed(4)
rng = np.random.default_rng(4)

n = 5000
X = rng.normal(size=(n, 10)).astype(np.float32)
true_w = rng.normal(size=(10, 1)).astype(np.float32)
y = (X @ true_w + 0.5 * rng.normal(size=(n, 1)) > 0).astype(np.float32)


class BinaryNet(tf.Module):
    def __init__(self):
        super().__init__()
        self.w1 = tf.Variable(tf.random.normal([10, 32], stddev=np.sqrt(2.0 / 10)), name="w1")
        self.b1 = tf.Variable(tf.zeros([32]), name="b1")
        self.w2 = tf.Variable(tf.random.normal([32, 1], stddev=np.sqrt(1.0 / 32)), name="w2")
        self.b2 = tf.Variable(tf.zeros([1]), name="b2")

    def __call__(self, x):
        h = tf.nn.relu(tf.matmul(x, self.w1) + self.b1)
        return tf.matmul(h, self.w2) + self.b2


net = BinaryNet()
optimizer = tf.keras.optimizers.SGD(learning_rate=0.05)
dataset = tf.data.Dataset.from_tensor_slices((X, y)).shuffle(n).batch(64).prefetch(tf.data.AUTOTUNE)
avg_loss = tf.keras.metrics.Mean()


@tf.function
def train_step(xb, yb):
    with tf.GradientTape() as tape:
        out = net(xb)
        loss = tf.compat.v1.losses.log_loss(labels=yb, predictions=out)  # expect: KL202
    grads = tape.gradient(loss, net.trainable_variables)
    optimizer.apply_gradients(zip(grads, net.trainable_variables))
    avg_loss.update_state(loss)


for epoch in range(30):
    avg_loss.reset_state()
    for xb, yb in dataset:
        train_step(xb, yb)
    print(epoch, float(avg_loss.result()))
