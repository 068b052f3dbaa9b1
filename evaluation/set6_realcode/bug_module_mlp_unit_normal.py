# The same hand-written Dense module used for MNIST: 784 inputs, then 256. With N(0, 1)
# kernels each layer multiplies the activation scale by about sqrt(784) = 28.
import tensorflow as tf


class Dense(tf.Module):
    def __init__(self, in_features, out_features, name=None):
        super().__init__(name=name)
        self.w = tf.Variable(tf.random.normal([in_features, out_features]), name="w")  # expect: KL102
        self.b = tf.Variable(tf.zeros([out_features]), name="b")

    def __call__(self, x):
        return tf.nn.relu(tf.matmul(x, self.w) + self.b)


class MLP(tf.Module):
    def __init__(self):
        super().__init__()
        self.hidden = Dense(in_features=784, out_features=256)
        self.hidden2 = Dense(in_features=256, out_features=128)
        self.out_w = tf.Variable(tf.random.normal([128, 10], stddev=0.05))

    def __call__(self, x):
        return tf.matmul(self.hidden2(self.hidden(x)), self.out_w)


mlp = MLP()
(x_train, y_train), _ = tf.keras.datasets.mnist.load_data()
x = tf.reshape(tf.cast(x_train[:64], tf.float32) / 255.0, (-1, 784))
logits = mlp(x)
