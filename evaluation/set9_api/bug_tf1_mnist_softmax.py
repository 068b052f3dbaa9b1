# "MNIST For ML Beginners" (TensorFlow 1.x tutorial) kept alive in our TF 2.16 environment
# through the compat module. Accuracy is ~0.92 on some runs and 0.098 (nan loss) on others.
import numpy as np
import tensorflow as tf

tf.random.set_seed(0)
print("TensorFlow", tf.__version__)

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype(np.float32) / 255.0
x_test = x_test.reshape(-1, 784).astype(np.float32) / 255.0
y_train = np.eye(10, dtype=np.float32)[y_train]
y_test = np.eye(10, dtype=np.float32)[y_test]

tf.compat.v1.disable_eager_execution()  # expect: KL504


def next_batch(batch_size, _state={"pos": 0, "perm": np.random.permutation(len(x_train))}):
    start = _state["pos"]
    if start + batch_size > len(x_train):
        _state["perm"] = np.random.permutation(len(x_train))
        start = 0
    idx = _state["perm"][start:start + batch_size]
    _state["pos"] = start + batch_size
    return x_train[idx], y_train[idx]


# Create the model
x = tf.compat.v1.placeholder(tf.float32, [None, 784])  # expect: KL504
W = tf.Variable(tf.random.truncated_normal([784, 10], stddev=0.01))
b = tf.Variable(tf.zeros([10]))
y = tf.nn.softmax(tf.matmul(x, W) + b)

# Define loss and optimizer
y_ = tf.compat.v1.placeholder(tf.float32, [None, 10])  # expect: KL504
cross_entropy = tf.reduce_mean(-tf.reduce_sum(y_ * tf.math.log(y), axis=1))  # expect: KL208
train_step = tf.compat.v1.train.GradientDescentOptimizer(0.5).minimize(cross_entropy)  # expect: KL504

sess = tf.compat.v1.InteractiveSession()  # expect: KL504
tf.compat.v1.global_variables_initializer().run()  # expect: KL504

# Train
for _ in range(1000):
    batch_xs, batch_ys = next_batch(100)
    sess.run(train_step, feed_dict={x: batch_xs, y_: batch_ys})

# Test trained model
correct_prediction = tf.equal(tf.argmax(y, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
print(sess.run(accuracy, feed_dict={x: x_test, y_: y_test}))
