"""Wine quality (3 buckets) with a raw-TF network.

InvalidArgumentError about labels rank when I first ran it; I reshaped things until it ran,
but the network does not learn: all hidden units stay identical.
"""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_wine
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

tf.random.set_seed(8)

X, y = load_wine(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=8, stratify=y)
scaler = StandardScaler().fit(X_train)
X_train = scaler.transform(X_train).astype(np.float32)
X_test = scaler.transform(X_test).astype(np.float32)
y_train_onehot = np.eye(3, dtype=np.float32)[y_train]

n_features = X_train.shape[1]
W1 = tf.Variable(tf.ones([n_features, 32]))  # expect: KL101, KL103
b1 = tf.Variable(tf.zeros([32]))
W2 = tf.Variable(tf.random.normal([32, 3], stddev=np.sqrt(1.0 / 32)))
b2 = tf.Variable(tf.zeros([3]))
variables = [W1, b1, W2, b2]


def logits_fn(x):
    return tf.matmul(tf.nn.relu(tf.matmul(x, W1) + b1), W2) + b2


optimizer = tf.keras.optimizers.Adam(learning_rate=0.005)


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        logits = logits_fn(x)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))  # expect: KL205
    grads = tape.gradient(loss, variables)
    optimizer.apply_gradients(zip(grads, variables))
    return loss


for step in range(500):
    loss = train_step(X_train, y_train_onehot)
    if step % 100 == 0:
        pred = np.argmax(logits_fn(X_test).numpy(), axis=1)
        print(step, float(loss), np.mean(pred == y_test))
