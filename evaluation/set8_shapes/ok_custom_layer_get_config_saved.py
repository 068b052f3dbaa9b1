"""Custom layers with non-plain constructor arguments that implement get_config(),
so saving to .keras and reloading works (fix of the NoisyDense/Standardize bugs)."""
import numpy as np
import keras
from keras import layers, ops


@keras.saving.register_keras_serializable(package="ok")
class NoisyDense(layers.Layer):
    def __init__(self, units, sigma=0.017, kernel_initializer="glorot_uniform", **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.sigma = sigma
        self.kernel_initializer = keras.initializers.get(kernel_initializer)
        self.seed_gen = keras.random.SeedGenerator(1337)

    def build(self, input_shape):
        dim = input_shape[-1]
        self.mu_w = self.add_weight(shape=(dim, self.units), initializer=self.kernel_initializer)
        self.sigma_w = self.add_weight(shape=(self.units,),
                                       initializer=keras.initializers.Constant(self.sigma))
        self.b = self.add_weight(shape=(self.units,), initializer="zeros")

    def call(self, x, training=None):
        w = self.mu_w
        if training:
            w = w + self.sigma_w * keras.random.normal(ops.shape(self.mu_w), seed=self.seed_gen)
        return ops.matmul(x, w) + self.b

    def get_config(self):
        config = super().get_config()
        config.update({
            "units": self.units,
            "sigma": self.sigma,
            "kernel_initializer": keras.initializers.serialize(self.kernel_initializer),
        })
        return config


@keras.saving.register_keras_serializable(package="ok")
class Standardize(layers.Layer):
    def __init__(self, mean, std, **kwargs):
        super().__init__(**kwargs)
        self.mean = np.asarray(mean, dtype="float32")
        self.std = np.asarray(std, dtype="float32")

    def call(self, x):
        return (x - self.mean) / (self.std + 1e-7)

    def get_config(self):
        config = super().get_config()
        config.update({"mean": self.mean.tolist(), "std": self.std.tolist()})
        return config


keras.utils.set_random_seed(3)
obs = np.random.rand(2048, 8).astype("float32") * 10.0
q_targets = np.random.rand(2048, 4).astype("float32")

inputs = keras.Input(shape=(8,))
h = Standardize(obs.mean(axis=0), obs.std(axis=0))(inputs)
h = NoisyDense(64, kernel_initializer=keras.initializers.HeNormal())(h)
h = layers.ReLU()(h)
q_values = layers.Dense(4)(h)
model = keras.Model(inputs, q_values)
model.compile(optimizer=keras.optimizers.Adam(2.5e-4), loss="huber")
model.fit(obs, q_targets, epochs=2, batch_size=64)

model.save("noisy_ok.keras")
restored = keras.models.load_model("noisy_ok.keras")
print(restored.predict(obs[:2], verbose=0))
