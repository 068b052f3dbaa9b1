# Modelled on TensorFlow's "core APIs" logistic-regression guide: one weight vector and a
# bias, created on first call. With a single layer there is no depth for activations to grow
# through: the uniform [0, 1) start costs a few steps of a convex problem, nothing more.
import tensorflow as tf


class LogisticRegression(tf.Module):
    def __init__(self):
        self.built = False

    def __call__(self, x, train=True):
        if not self.built:
            rand_w = tf.random.uniform(shape=[x.shape[-1], 1], seed=22)
            rand_b = tf.random.uniform(shape=[], seed=22)
            self.w = tf.Variable(rand_w)
            self.b = tf.Variable(rand_b)
            self.built = True
        z = tf.add(tf.matmul(x, self.w), self.b)
        z = tf.squeeze(z, axis=1)
        if train:
            return z
        return tf.sigmoid(z)


class LinearRegression(tf.Module):
    def __init__(self):
        self.built = False

    @tf.function
    def __call__(self, x):
        if not self.built:
            self.w = tf.Variable(tf.random.uniform(shape=[x.shape[-1], 1]))
            self.b = tf.Variable(tf.random.uniform(shape=[]))
            self.built = True
        return tf.squeeze(tf.add(tf.matmul(x, self.w), self.b), axis=1)


log_reg = LogisticRegression()
lin_reg = LinearRegression()
x = tf.random.normal((32, 9))
with tf.GradientTape() as tape:
    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(
        labels=tf.ones(32), logits=log_reg(x)))
grads = tape.gradient(loss, log_reg.variables)
