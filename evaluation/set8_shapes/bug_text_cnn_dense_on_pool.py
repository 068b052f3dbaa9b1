# 1-D CNN for spam detection. fit() complains that target.shape=(None,) and
# output.shape=(None, 3, 1) must have the same rank. Do I need to reshape y?
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, Sequential

tf.random.set_seed(100)

VOCAB, MAXLEN = 20000, 120
x = np.random.randint(1, VOCAB, size=(5000, MAXLEN))
y = np.random.randint(0, 2, size=(5000,)).astype("float32")

model = Sequential([
    layers.Input(shape=(MAXLEN,)),
    layers.Embedding(VOCAB, 100),
    layers.Conv1D(128, 5, activation="relu"),
    layers.MaxPooling1D(5),
    layers.Conv1D(128, 5, activation="relu"),
    layers.MaxPooling1D(5),
    layers.Dense(1, activation="sigmoid"),  # expect: KL806
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=5, batch_size=64, validation_split=0.1)
