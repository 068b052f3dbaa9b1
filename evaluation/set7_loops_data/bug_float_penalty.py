"""Regression with a smoothness penalty on the outputs, written as a custom train_step.

run_eagerly=True because I print intermediate values while debugging. The penalty weight
has no effect at all, whether it's 0 or 100.
"""
import numpy as np
import tensorflow as tf
from tensorflow import keras

keras.utils.set_random_seed(14)

SEQ = 50


class SmoothRegressor(keras.Model):
    def __init__(self, penalty_weight=10.0, **kwargs):
        super().__init__(**kwargs)
        self.penalty_weight = penalty_weight
        self.hidden = keras.layers.Dense(128, activation="relu")
        self.out = keras.layers.Dense(SEQ)
        self.loss_tracker = keras.metrics.Mean(name="loss")
        self.penalty_tracker = keras.metrics.Mean(name="penalty")

    def call(self, x):
        return self.out(self.hidden(x))

    @property
    def metrics(self):
        return [self.loss_tracker, self.penalty_tracker]

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)
            mse = tf.reduce_mean(tf.square(y - y_pred))
            diffs = y_pred[:, 1:] - y_pred[:, :-1]
            penalty = float(tf.reduce_mean(tf.square(diffs)))  # expect: KL403
            loss = mse + self.penalty_weight * penalty
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        self.loss_tracker.update_state(loss)
        self.penalty_tracker.update_state(penalty)
        return {"loss": self.loss_tracker.result(), "penalty": self.penalty_tracker.result()}


rng = np.random.default_rng(14)
x = rng.normal(size=(3000, 16)).astype("float32")
t = np.linspace(0, 1, SEQ, dtype="float32")
y = (np.sin(2 * np.pi * (t[None, :] + x[:, :1])) + 0.3 * rng.normal(size=(3000, SEQ))).astype("float32")

model = SmoothRegressor(penalty_weight=10.0)
model.compile(optimizer=keras.optimizers.Adam(1e-3), run_eagerly=True)
model.fit(x, y, batch_size=64, epochs=10)
