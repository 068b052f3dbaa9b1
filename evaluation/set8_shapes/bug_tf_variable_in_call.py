# Learnable temperature on the logits (for calibration) as its own layer.
# The temperature stays at 1.0 forever and the model has no extra weight.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


class TemperatureScaling(layers.Layer):
    """Divides the logits by a learned temperature."""

    def call(self, logits):
        temperature = tf.Variable(1.5, trainable=True, name="temperature")  # expect: KL802
        return logits / temperature


keras.utils.set_random_seed(12)
VOCAB, SEQ = 8000, 80
x = np.random.randint(1, VOCAB, size=(3000, SEQ))
y = np.random.randint(0, 5, size=(3000,))

model = keras.Sequential([
    keras.Input(shape=(SEQ,)),
    layers.Embedding(VOCAB, 64),
    layers.Bidirectional(layers.GRU(32)),
    layers.Dense(32, activation="relu"),
    layers.Dense(5),
    TemperatureScaling(),
    layers.Activation("softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=5, batch_size=64, validation_split=0.1)
print([v.name for v in model.trainable_variables][-3:])
