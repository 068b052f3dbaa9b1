"""Research code: gated residual dense block with a learned per-feature scale.

Kernel uses Glorot; bias starts at zero, the scale vector at one and the gate
bias at a constant -- all of those are 1-D, not kernels.
"""
import numpy as np
import tensorflow as tf


class GatedResidual(tf.keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        d = int(input_shape[-1])
        self.kernel = self.add_weight(name="kernel", shape=(d, self.units),
                                      initializer="glorot_uniform", trainable=True)
        self.gate_kernel = self.add_weight(name="gate_kernel", shape=(d, self.units),
                                           initializer=tf.keras.initializers.VarianceScaling(1.0, "fan_in", "truncated_normal"))
        self.bias = self.add_weight(name="bias", shape=(self.units,), initializer="zeros")
        self.gate_bias = self.add_weight(name="gate_bias", shape=(self.units,),
                                         initializer=tf.keras.initializers.Constant(-2.0))
        self.scale = self.add_weight(name="scale", shape=(self.units,), initializer="ones")

    def call(self, x):
        h = tf.nn.relu(tf.matmul(x, self.kernel) + self.bias)
        g = tf.sigmoid(tf.matmul(x, self.gate_kernel) + self.gate_bias)
        return x + g * self.scale * h

    def get_config(self):
        return {**super().get_config(), "units": self.units}


inp = tf.keras.Input(shape=(32,))
x = GatedResidual(32)(inp)
x = GatedResidual(32)(x)
logits = tf.keras.layers.Dense(4)(x)
model = tf.keras.Model(inp, logits)

loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
opt = tf.keras.optimizers.Adam(1e-3)
xs = np.random.randn(8000, 32).astype("float32")
ys = np.argmax(xs[:, :4], axis=1)
ds = tf.data.Dataset.from_tensor_slices((xs, ys)).shuffle(8000).batch(128)


@tf.function
def train_step(xb, yb):
    with tf.GradientTape() as tape:
        loss = loss_fn(yb, model(xb, training=True))
    opt.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
    return loss


for epoch in range(10):
    losses = [float(train_step(xb, yb)) for xb, yb in ds]
    print(epoch, np.mean(losses))
