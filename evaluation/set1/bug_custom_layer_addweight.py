"""Monotone classifier: custom dense layer with non-negative weights.

Research code: the idea is that all weights start positive and are kept positive
with a constraint, so the network is monotone in every input feature.
"""
import numpy as np
import tensorflow as tf


class PositiveDense(tf.keras.layers.Layer):
    def __init__(self, units, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.activation = tf.keras.activations.get(activation)

    def build(self, input_shape):
        self.w = self.add_weight(
            name="kernel",
            shape=(int(input_shape[-1]), self.units),
            initializer=tf.random_uniform_initializer(minval=0.0, maxval=1.0),  # expect: KL101
            constraint=tf.keras.constraints.NonNeg(),
            trainable=True,
        )
        self.b = self.add_weight(
            name="bias",
            shape=(self.units,),
            initializer=tf.random_uniform_initializer(minval=0.0, maxval=1.0),
            trainable=True,
        )

    def call(self, inputs):
        return self.activation(tf.matmul(inputs, self.w) + self.b)

    def get_config(self):
        cfg = super().get_config()
        cfg.update({"units": self.units, "activation": tf.keras.activations.serialize(self.activation)})
        return cfg


def make_model(n_features, n_classes):
    inp = tf.keras.Input(shape=(n_features,))
    h = PositiveDense(64, activation="relu")(inp)
    h = PositiveDense(64, activation="relu")(h)
    logits = PositiveDense(n_classes)(h)
    return tf.keras.Model(inp, logits)


x = np.random.rand(5000, 12).astype("float32")
y = (x.sum(axis=1) * 3 / 12).astype("int64").clip(0, 2)
model = make_model(12, 3)
loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
opt = tf.keras.optimizers.Adam(1e-3)
ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(5000).batch(64)


@tf.function
def step(xb, yb):
    with tf.GradientTape() as tape:
        loss = loss_fn(yb, model(xb, training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))
    return loss


for epoch in range(30):
    total = 0.0
    for xb, yb in ds:
        total += float(step(xb, yb))
    print(epoch, total)
