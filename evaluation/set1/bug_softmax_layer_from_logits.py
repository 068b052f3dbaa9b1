"""Text-topic classifier (keras 3, functional API).

Config and vocabulary come from the preprocessing step; the head ends with an
explicit Softmax activation layer so the SavedModel returns probabilities.
"""
import numpy as np
import keras
from keras import layers

VOCAB = 20000
SEQ_LEN = 200
N_TOPICS = 20


def build():
    tokens = keras.Input(shape=(SEQ_LEN,), dtype="int32")
    x = layers.Embedding(VOCAB, 128)(tokens)
    x = layers.Bidirectional(layers.LSTM(64))(x)
    x = layers.Dense(64, activation="relu")(x)
    x = layers.Dense(N_TOPICS)(x)
    probs = layers.Activation("softmax")(x)
    return keras.Model(tokens, probs)


model = build()
model.compile(optimizer=keras.optimizers.Adam(3e-4),  # expect: KL201
              loss=keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1),
              metrics=["categorical_accuracy"])

x_train = np.load("tokens_train.npy", mmap_mode="r")
labels = np.loadtxt("labels_train.txt", dtype="int64")
y_train = keras.utils.to_categorical(labels, N_TOPICS)
model.fit(x_train[:50000], y_train[:50000], batch_size=64, epochs=5, validation_split=0.1)
