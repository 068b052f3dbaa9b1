# Linear regression on Boston housing, pasted from a TF1 blog post into a TF2 notebook
# ("AttributeError: module 'tensorflow' has no attribute 'placeholder'")
import numpy as np
import tensorflow as tf

tf.random.set_seed(1)

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.boston_housing.load_data()
mean, std = x_train.mean(axis=0), x_train.std(axis=0)
x_train = ((x_train - mean) / std).astype(np.float32)
x_test = ((x_test - mean) / std).astype(np.float32)
y_train = y_train.reshape(-1, 1).astype(np.float32)
y_test = y_test.reshape(-1, 1).astype(np.float32)

learning_rate = 0.01
training_epochs = 500
display_step = 50
n_features = x_train.shape[1]

X = tf.placeholder(tf.float32, [None, n_features], name="X")  # expect: KL504
Y = tf.placeholder(tf.float32, [None, 1], name="Y")  # expect: KL504

W = tf.Variable(tf.random.normal([n_features, 1], stddev=0.1), name="weights")
b = tf.Variable(tf.zeros([1]), name="bias")

pred = tf.matmul(X, W) + b
cost = tf.reduce_mean(tf.square(pred - Y))
optimizer = tf.train.AdamOptimizer(learning_rate).minimize(cost)  # expect: KL504

init = tf.global_variables_initializer()  # expect: KL504

with tf.Session() as sess:  # expect: KL504
    sess.run(init)
    for epoch in range(training_epochs):
        _, c = sess.run([optimizer, cost], feed_dict={X: x_train, Y: y_train})
        if (epoch + 1) % display_step == 0:
            print("Epoch:", "%04d" % (epoch + 1), "cost=", "{:.4f}".format(c))
    test_cost = sess.run(cost, feed_dict={X: x_test, Y: y_test})
    print("Test MSE:", test_cost)
