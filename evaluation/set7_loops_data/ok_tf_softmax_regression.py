# Softmax regression on MNIST, the classic "MNIST for ML beginners" model ported to TF2.
# A single layer: zero-initialised W is fine here (no hidden units to keep symmetric).
import numpy as np
import tensorflow as tf

tf.random.set_seed(0)

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype(np.float32) / 255.0
x_test = x_test.reshape(-1, 784).astype(np.float32) / 255.0
y_train_onehot = tf.one_hot(y_train, depth=10)

W = tf.Variable(tf.zeros([784, 10]), name="W")
b = tf.Variable(tf.zeros([10]), name="b")


def logits_fn(x):
    return tf.matmul(x, W) + b


optimizer = tf.keras.optimizers.SGD(learning_rate=0.5)
dataset = tf.data.Dataset.from_tensor_slices((x_train, y_train_onehot)).shuffle(60000).batch(100).prefetch(tf.data.AUTOTUNE)
avg = tf.keras.metrics.Mean()


@tf.function
def train_step(x, y_onehot):
    with tf.GradientTape() as tape:
        cross_entropy = tf.reduce_mean(
            tf.nn.softmax_cross_entropy_with_logits(labels=y_onehot, logits=logits_fn(x)))
    grads = tape.gradient(cross_entropy, [W, b])
    optimizer.apply_gradients(zip(grads, [W, b]))
    avg.update_state(cross_entropy)


for epoch in range(5):
    avg.reset_state()
    for x, y in dataset:
        train_step(x, y)
    probs = tf.nn.softmax(logits_fn(x_test))
    accuracy = np.mean(np.argmax(probs.numpy(), axis=1) == y_test)
    print(f"epoch {epoch}: loss {avg.result():.4f} test accuracy {accuracy:.4f}")
