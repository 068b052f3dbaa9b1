"""Legacy-style models where input_shape / input_dim appear only where they belong.

- input_dim=8 on the first Dense of a Sequential model;
- a nested Sequential feature block whose *own* first layer declares its input;
- Embedding(input_dim=...) after an Input: there input_dim is the vocabulary
  size, not an input-shape declaration;
- a model built in a loop that passes input_shape only for the first layer.
"""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(8)

# 1) Pima-style MLP
X = np.random.rand(768, 8).astype("float32")
y = (X[:, 1] + X[:, 5] > 1.0).astype("float32")
mlp = keras.Sequential()
mlp.add(layers.Dense(12, input_dim=8, activation="relu"))
mlp.add(layers.Dense(8, activation="relu"))
mlp.add(layers.Dense(1, activation="sigmoid"))
mlp.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
mlp.fit(X, y, epochs=20, batch_size=10, verbose=0)

# 2) nested feature block
feature_block = keras.Sequential([
    layers.Dense(32, activation="relu", input_shape=(8,)),
    layers.Dense(16, activation="relu"),
], name="features")
wrapper = keras.Sequential([
    feature_block,
    layers.Dense(1, activation="sigmoid"),
])
wrapper.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
wrapper.fit(X, y, epochs=20, batch_size=10, verbose=0)

# 3) text model: input_dim of Embedding is the vocabulary size
VOCAB, MAXLEN = 20000, 100
tokens = np.random.randint(1, VOCAB, size=(2000, MAXLEN))
sentiment = np.random.randint(0, 2, size=(2000,)).astype("float32")
text_model = keras.Sequential([
    keras.Input(shape=(MAXLEN,)),
    layers.Embedding(input_dim=VOCAB, output_dim=64),
    layers.GlobalAveragePooling1D(),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
text_model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
text_model.fit(tokens, sentiment, epochs=3, batch_size=64, verbose=0)

# 4) depth as a hyper-parameter
def make_mlp(hidden=(64, 32, 16), n_features=8):
    model = keras.Sequential()
    for i, units in enumerate(hidden):
        if i == 0:
            model.add(layers.Dense(units, activation="relu", input_shape=(n_features,)))
        else:
            model.add(layers.Dense(units, activation="relu"))
    model.add(layers.Dense(1, activation="sigmoid"))
    return model

deep = make_mlp()
deep.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
deep.fit(X, y, epochs=20, batch_size=10, verbose=0)
