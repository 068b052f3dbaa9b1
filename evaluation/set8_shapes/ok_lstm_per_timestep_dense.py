"""Part-of-speech tagger: one prediction per token.

The Dense layers are applied to the 3-D LSTM output on purpose: Keras applies
Dense to the last axis, i.e. independently at every time step, which is what a
tagger needs (labels have shape (batch, MAXLEN)).
"""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(17)

VOCAB, MAXLEN, N_TAGS = 12000, 50, 17
tokens = np.random.randint(1, VOCAB, size=(6000, MAXLEN))
tags = np.random.randint(0, N_TAGS, size=(6000, MAXLEN))

inputs = keras.Input(shape=(MAXLEN,), dtype="int32")
x = layers.Embedding(VOCAB, 128, mask_zero=True)(inputs)
x = layers.Bidirectional(layers.LSTM(64, return_sequences=True))(x)   # (batch, 50, 128)
x = layers.Dense(64, activation="relu")(x)                            # per time step
outputs = layers.Dense(N_TAGS, activation="softmax")(x)               # (batch, 50, 17)
model = keras.Model(inputs, outputs)

model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(tokens, tags, epochs=5, batch_size=64, validation_split=0.1)
