"""Softmax that is not a hidden activation:

- attention weights inside a custom pooling layer's call() (a weighting over
  time steps, not a layer activation);
- an auxiliary classifier (Inception-style) whose softmax is itself a model
  output, defined in the middle of the graph;
- the main softmax output.
"""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(30)


class AttentionPooling(layers.Layer):
    def __init__(self, units=64, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.proj = layers.Dense(units, activation="tanh")
        self.score = layers.Dense(1, use_bias=False)

    def call(self, inputs):
        scores = self.score(self.proj(inputs))            # (batch, time, 1)
        weights = tf.nn.softmax(scores, axis=1)           # over time steps
        return tf.reduce_sum(weights * inputs, axis=1)    # (batch, features)

    def get_config(self):
        config = super().get_config()
        config.update({"units": self.units})
        return config


VOCAB, SEQ, N_CLASSES = 10000, 120, 6
x = np.random.randint(1, VOCAB, size=(4000, SEQ))
y = np.random.randint(0, N_CLASSES, size=(4000,))

tokens = keras.Input(shape=(SEQ,), dtype="int32")
h = layers.Embedding(VOCAB, 64)(tokens)
h = layers.Bidirectional(layers.GRU(32, return_sequences=True))(h)     # (batch, 120, 64)

aux = layers.GlobalAveragePooling1D()(h)
aux_out = layers.Dense(N_CLASSES, activation="softmax", name="aux")(aux)

h = layers.Bidirectional(layers.GRU(32, return_sequences=True))(h)
pooled = AttentionPooling()(h)
main = layers.Dense(64, activation="relu")(pooled)
main_out = layers.Dense(N_CLASSES, activation="softmax", name="main")(main)

model = keras.Model(tokens, [main_out, aux_out])
model.compile(optimizer="adam",
              loss={"main": "sparse_categorical_crossentropy",
                    "aux": "sparse_categorical_crossentropy"},
              loss_weights={"main": 1.0, "aux": 0.3},
              metrics={"main": ["accuracy"], "aux": ["accuracy"]})
model.fit(x, {"main": y, "aux": y}, epochs=3, batch_size=64, validation_split=0.1)
