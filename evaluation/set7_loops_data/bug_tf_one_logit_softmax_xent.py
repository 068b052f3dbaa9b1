"""Fraud detection: one output logit, trained with softmax_cross_entropy_with_logits.

The loss is exactly 0.0 at every step and the weights never change.
"""
import numpy as np
import tensorflow as tf

tf.random.set_seed(27)
rng = np.random.default_rng(27)

n = 20000
X = rng.normal(size=(n, 29)).astype(np.float32)
fraud = (X[:, 1] * 1.5 - X[:, 4] + rng.normal(scale=0.5, size=n)) > 2.5
y = fraud.astype(np.float32).reshape(-1, 1)
print("fraud rate:", y.mean())


class FraudNet(tf.Module):
    def __init__(self):
        super().__init__()
        self.w1 = tf.Variable(tf.keras.initializers.HeNormal(seed=27)(shape=(29, 64)))
        self.b1 = tf.Variable(tf.zeros([64]))
        self.w2 = tf.Variable(tf.keras.initializers.HeNormal(seed=28)(shape=(64, 32)))
        self.b2 = tf.Variable(tf.zeros([32]))
        self.w3 = tf.Variable(tf.keras.initializers.GlorotUniform(seed=29)(shape=(32, 1)))
        self.b3 = tf.Variable(tf.zeros([1]))

    def __call__(self, x):
        h = tf.nn.relu(tf.matmul(x, self.w1) + self.b1)
        h = tf.nn.relu(tf.matmul(h, self.w2) + self.b2)
        return tf.matmul(h, self.w3) + self.b3


model = FraudNet()
optimizer = tf.keras.optimizers.Adam(1e-3)
ds = tf.data.Dataset.from_tensor_slices((X, y)).shuffle(n).batch(256).prefetch(tf.data.AUTOTUNE)
loss_avg = tf.keras.metrics.Mean()


@tf.function
def train_step(x, labels):
    with tf.GradientTape() as tape:
        logits = model(x)
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits))  # expect: KL204
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    loss_avg.update_state(loss)


for epoch in range(5):
    loss_avg.reset_state()
    for xb, yb in ds:
        train_step(xb, yb)
    print("epoch", epoch, "loss", float(loss_avg.result()))
