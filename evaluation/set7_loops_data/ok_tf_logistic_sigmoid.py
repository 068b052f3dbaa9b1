"""Breast cancer MLP in low-level TF, done right: the network returns logits, training
uses sigmoid_cross_entropy_with_logits, and the probability-based log_loss is only fed
tf.sigmoid(logits) for reporting."""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

tf.random.set_seed(1)

data = load_breast_cancer()
X_train, X_test, y_train, y_test = train_test_split(
    data.data, data.target, test_size=0.25, random_state=1, stratify=data.target)
scaler = StandardScaler().fit(X_train)
X_train = scaler.transform(X_train).astype(np.float32)
X_test = scaler.transform(X_test).astype(np.float32)
y_train = y_train.astype(np.float32).reshape(-1, 1)
y_test = y_test.astype(np.float32).reshape(-1, 1)


class BinaryMLP(tf.Module):
    def __init__(self, n_in, n_hidden=64, name=None):
        super().__init__(name=name)
        glorot = tf.keras.initializers.GlorotUniform(seed=1)
        self.W1 = tf.Variable(glorot(shape=(n_in, n_hidden)), name="W1")
        self.b1 = tf.Variable(tf.zeros([n_hidden]), name="b1")
        self.W2 = tf.Variable(glorot(shape=(n_hidden, 1)), name="W2")
        self.b2 = tf.Variable(tf.zeros([1]), name="b2")

    def __call__(self, x):
        hidden = tf.tanh(tf.matmul(x, self.W1) + self.b1)
        return tf.matmul(hidden, self.W2) + self.b2


model = BinaryMLP(X_train.shape[1])
optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
train_ds = tf.data.Dataset.from_tensor_slices((X_train, y_train)).shuffle(512).batch(32).prefetch(tf.data.AUTOTUNE)
loss_avg = tf.keras.metrics.Mean()


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        logits = model(x)
        loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    loss_avg.update_state(loss)


for epoch in range(100):
    loss_avg.reset_state()
    for x, y in train_ds:
        train_step(x, y)
    if epoch % 10 == 0:
        probs = tf.sigmoid(model(X_test))
        test_log_loss = tf.compat.v1.losses.log_loss(labels=y_test, predictions=probs)
        acc = np.mean((probs.numpy() > 0.5) == (y_test > 0.5))
        print(epoch, float(loss_avg.result()), float(test_log_loss), acc)
