# Multi-label movie-genre tagging from plot embeddings (8 genres).
# Predicted probabilities never go below 0.5 or above 0.73.
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, Model, Input

tf.random.set_seed(18)

GENRES = ["action", "comedy", "drama", "horror", "romance", "sci-fi", "thriller", "animation"]
X = np.random.randn(5000, 384).astype("float32")
Y = (np.random.rand(5000, len(GENRES)) < 0.2).astype("float32")

inp = Input(shape=(384,))
h = layers.Dense(256, activation="relu")(inp)
h = layers.Dropout(0.3)(h)
h = layers.Dense(len(GENRES), activation="sigmoid")(h)
out = layers.Activation("sigmoid")(h)  # expect: KL812
model = Model(inp, out)
model.compile(optimizer="adam", loss="binary_crossentropy",
              metrics=[tf.keras.metrics.AUC(multi_label=True)])
model.fit(X, Y, epochs=10, batch_size=64, validation_split=0.2)
