"""State that Keras 3 tracks: add_weight and keras.Variable attributes; and a plain
tf.Module (not a Keras layer) that holds tf.Variables the TensorFlow way."""
import numpy as np
import tensorflow as tf
import keras
from keras import layers


class ScalarPReLU(layers.Layer):
    def __init__(self, init_slope=0.25, **kwargs):
        super().__init__(**kwargs)
        self.init_slope = init_slope
        self.slope = keras.Variable(init_slope, trainable=True, dtype="float32", name="slope")

    def call(self, x):
        return keras.ops.maximum(x, 0.0) + self.slope * keras.ops.minimum(x, 0.0)

    def get_config(self):
        config = super().get_config()
        config.update({"init_slope": self.init_slope})
        return config


class LearnedTemperature(layers.Layer):
    def build(self, input_shape):
        self.log_t = self.add_weight(shape=(), initializer="zeros", name="log_t")

    def call(self, logits):
        return logits / keras.ops.exp(self.log_t)


class TFLinear(tf.Module):
    """Pure TensorFlow model, trained with a GradientTape below."""

    def __init__(self, in_dim, out_dim, name=None):
        super().__init__(name=name)
        self.w = tf.Variable(tf.random.normal([in_dim, out_dim], stddev=0.05), name="w")
        self.b = tf.Variable(tf.zeros([out_dim]), name="b")

    def __call__(self, x):
        return tf.matmul(x, self.w) + self.b


keras.utils.set_random_seed(4)
x = np.random.randn(4000, 20).astype("float32")
y = (np.sin(x[:, 0]) + x[:, 1] ** 2 > 0.7).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(20,)),
    layers.Dense(64),
    ScalarPReLU(),
    layers.Dense(1),
    LearnedTemperature(),
    layers.Activation("sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=5, batch_size=64)

lin = TFLinear(20, 1)
LEARNING_RATE = 0.05
ds = tf.data.Dataset.from_tensor_slices((x, y[:, None])).shuffle(4000).batch(64).prefetch(2)


@tf.function
def step(xb, yb):
    with tf.GradientTape() as tape:
        pred = lin(xb)
        loss = tf.reduce_mean(tf.square(pred - yb))
    grads = tape.gradient(loss, lin.trainable_variables)
    for var, grad in zip(lin.trainable_variables, grads):
        var.assign_sub(LEARNING_RATE * grad)
    return loss


for epoch in range(3):
    epoch_loss = keras.metrics.Mean()
    for xb, yb in ds:
        epoch_loss.update_state(step(xb, yb))
    print(epoch, float(epoch_loss.result()))
