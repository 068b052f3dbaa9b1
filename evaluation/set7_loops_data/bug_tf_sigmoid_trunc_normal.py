"""Breast cancer (WDBC) logistic MLP in low-level TensorFlow.

Accuracy stays at 63% (always predicts benign).
"""
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

n_features = X_train.shape[1]
n_hidden = 64

W1 = tf.Variable(tf.random.truncated_normal([n_features, n_hidden], stddev=1.0), name="W1")  # expect: KL102
b1 = tf.Variable(tf.zeros([n_hidden]), name="b1")
W2 = tf.Variable(tf.keras.initializers.GlorotNormal(seed=1)(shape=(n_hidden, 1)), name="W2")
b2 = tf.Variable(tf.zeros([1]), name="b2")
params = [W1, b1, W2, b2]


def forward(x):
    hidden = tf.sigmoid(tf.matmul(x, W1) + b1)
    return tf.sigmoid(tf.matmul(hidden, W2) + b2)


optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
train_ds = tf.data.Dataset.from_tensor_slices((X_train, y_train)).shuffle(512).batch(32).prefetch(tf.data.AUTOTUNE)
loss_avg = tf.keras.metrics.Mean()


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        probs = forward(x)
        loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=probs))  # expect: KL201
    grads = tape.gradient(loss, params)
    optimizer.apply_gradients(zip(grads, params))
    loss_avg.update_state(loss)


for epoch in range(100):
    loss_avg.reset_state()
    for x, y in train_ds:
        train_step(x, y)
    if epoch % 10 == 0:
        acc = np.mean((forward(X_test).numpy() > 0.5) == (y_test > 0.5))
        print(epoch, float(loss_avg.result()), acc)
