# Standardisation baked into the model so the serving side can send raw features.
# model.save() raises; I thought Keras 3 figures out the config by itself?
import numpy as np
import keras
from keras import layers, ops

keras.utils.set_random_seed(19)

raw = np.random.rand(3000, 6).astype("float32") * np.array([1, 10, 100, 1000, 5, 50], dtype="float32")
target = (raw[:, 0] + raw[:, 2] / 100 > 1.0).astype("float32")

feature_mean = raw.mean(axis=0)
feature_std = raw.std(axis=0)


class Standardize(layers.Layer):  # expect: KL804
    def __init__(self, mean, std, **kwargs):
        super().__init__(**kwargs)
        self.mean = np.asarray(mean, dtype="float32")
        self.std = np.asarray(std, dtype="float32")

    def call(self, x):
        return (x - self.mean) / (self.std + 1e-7)


model = keras.Sequential([
    keras.Input(shape=(6,)),
    Standardize(feature_mean, feature_std),
    layers.Dense(32, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(raw, target, epochs=10, batch_size=32, validation_split=0.2)
model.save("standardized_model.keras")
