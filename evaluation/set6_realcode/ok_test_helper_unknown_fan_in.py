# A test helper module: a dense tf.Module whose input width is a parameter that callers in
# other files set (3 in the tests that use it). Its fan-in is not known here.
import tensorflow as tf


class _Dense(tf.Module):
    def __init__(self, input_dim, output_size, name=None):
        super().__init__(name=name)
        with self.name_scope:
            self.w = tf.Variable(tf.random.normal([input_dim, output_size]), name="w")
            self.b = tf.Variable(tf.zeros([output_size]), name="b")

    @tf.Module.with_name_scope
    def __call__(self, x):
        return tf.nn.relu(tf.matmul(x, self.w) + self.b)


class FakeModule(tf.Module):
    def __init__(self, input_size, name=None):
        super().__init__(name=name)
        with self.name_scope:
            self.dense = _Dense(input_size, 4, name="dense")
            self.dense2 = _Dense(4, 4, name="dense_1")

    @tf.Module.with_name_scope
    def __call__(self, x):
        return self.dense2(self.dense(x))
