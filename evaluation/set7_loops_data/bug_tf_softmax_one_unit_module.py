"""Spam / not-spam on bag-of-words counts, plain-Python model class with tf.Variables.

Predictions are always 1.0 and the gradients are all zero.
"""
import numpy as np
import tensorflow as tf

tf.random.set_seed(15)
rng = np.random.default_rng(15)

VOCAB = 2000
n_docs = 6000
spam_words = rng.choice(VOCAB, size=50, replace=False)
X = rng.poisson(0.05, size=(n_docs, VOCAB)).astype(np.float32)
is_spam = rng.random(n_docs) < 0.3
X[np.ix_(is_spam, spam_words)] += rng.poisson(0.5, size=(is_spam.sum(), 50))
X = np.log1p(X)
y = is_spam.astype(np.float32)[:, None]


class LogisticModel:
    def __init__(self, n_features):
        self.w = tf.Variable(tf.random.normal([n_features, 1], stddev=1.0 / np.sqrt(n_features)))
        self.b = tf.Variable(tf.zeros([1]))

    @property
    def variables(self):
        return [self.w, self.b]

    def predict_proba(self, x):
        return tf.nn.softmax(tf.matmul(x, self.w) + self.b, axis=-1)


model = LogisticModel(VOCAB)
bce = tf.keras.losses.BinaryCrossentropy()  # expect: KL203
opt = tf.keras.optimizers.SGD(learning_rate=0.5)
ds = tf.data.Dataset.from_tensor_slices((X, y)).shuffle(n_docs).batch(128).prefetch(tf.data.AUTOTUNE)
running = tf.keras.metrics.Mean()


@tf.function
def step(xb, yb):
    with tf.GradientTape() as tape:
        p = model.predict_proba(xb)
        loss = bce(yb, p)
    grads = tape.gradient(loss, model.variables)
    opt.apply_gradients(zip(grads, model.variables))
    running.update_state(loss)


for epoch in range(10):
    running.reset_state()
    for xb, yb in ds:
        step(xb, yb)
    print("epoch", epoch, "loss", float(running.result()))
