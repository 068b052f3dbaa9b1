"""Noisy dense layer for exploration (Keras 3). Training works; saving at the end
fails with NotImplementedError about get_config."""
import numpy as np
import keras
from keras import layers, ops


class NoisyDense(layers.Layer):  # expect: KL804
    def __init__(self, units, sigma=0.017, kernel_initializer=None, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.sigma = sigma
        self.kernel_initializer = keras.initializers.get(kernel_initializer or "glorot_uniform")
        self.seed_gen = keras.random.SeedGenerator(1337)

    def build(self, input_shape):
        dim = input_shape[-1]
        self.mu_w = self.add_weight(shape=(dim, self.units), initializer=self.kernel_initializer)
        # one noise scale per output unit (1-D, like a bias)
        self.sigma_w = self.add_weight(shape=(self.units,),
                                       initializer=keras.initializers.Constant(self.sigma))
        self.b = self.add_weight(shape=(self.units,), initializer="zeros")

    def call(self, x, training=None):
        if training:
            eps = keras.random.normal(ops.shape(self.mu_w), seed=self.seed_gen)
            w = self.mu_w + self.sigma_w * eps
        else:
            w = self.mu_w
        return ops.matmul(x, w) + self.b


keras.utils.set_random_seed(3)
obs = np.random.rand(4096, 8).astype("float32")
q_targets = np.random.rand(4096, 4).astype("float32")

inputs = keras.Input(shape=(8,))
h = NoisyDense(128, kernel_initializer=keras.initializers.HeNormal())(inputs)
h = layers.ReLU()(h)
h = NoisyDense(128, kernel_initializer=keras.initializers.HeNormal())(h)
h = layers.ReLU()(h)
q_values = layers.Dense(4)(h)
model = keras.Model(inputs, q_values)

model.compile(optimizer=keras.optimizers.Adam(2.5e-4), loss="huber")
model.fit(obs, q_targets, epochs=3, batch_size=64)
model.save("noisy_dqn.keras")
