# Additive (Bahdanau-style) attention pooling over an LSTM for text classification.
# The softmax is applied to attention scores over the time axis, not to the output;
# the classifier head is linear and trained with from_logits=True.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

VOCAB = 20000
MAXLEN = 200
NUM_CLASSES = 4


class AttentionPooling(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.score_dense = layers.Dense(units, activation="tanh")
        self.score_vector = layers.Dense(1, use_bias=False)

    def call(self, hidden_states, mask=None):
        scores = self.score_vector(self.score_dense(hidden_states))  # (B, T, 1)
        if mask is not None:
            scores += (1.0 - tf.cast(mask[..., None], scores.dtype)) * -1e9
        weights = tf.nn.softmax(scores, axis=1)
        return tf.reduce_sum(weights * hidden_states, axis=1)

    def get_config(self):
        config = super().get_config()
        config.update({"units": self.units})
        return config


inputs = keras.Input(shape=(MAXLEN,), dtype="int32")
x = layers.Embedding(VOCAB, 128, mask_zero=True)(inputs)
x = layers.Bidirectional(layers.LSTM(64, return_sequences=True))(x)
x = AttentionPooling(64)(x)
x = layers.Dropout(0.3)(x)
logits = layers.Dense(NUM_CLASSES)(x)
model = keras.Model(inputs, logits)

model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)

x_train = np.random.randint(1, VOCAB, size=(5000, MAXLEN))
y_train = np.random.randint(0, NUM_CLASSES, size=(5000,))
model.fit(x_train, y_train, batch_size=64, epochs=2, validation_split=0.1)
