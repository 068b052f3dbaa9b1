"""Multi-label movie-genre tagging from plot embeddings.

Five independent sigmoid outputs + binary cross-entropy is the correct setup for
multi-label problems (a plot can be both 'comedy' and 'romance').
"""
import numpy as np
import pandas as pd
import tensorflow as tf

GENRES = ["action", "comedy", "drama", "horror", "romance"]

df = pd.read_parquet("plots_with_embeddings.parquet")
X = np.stack(df["embedding"].values).astype("float32")
Y = df[GENRES].values.astype("float32")  # multi-hot, rows may contain several 1s

inputs = tf.keras.Input(shape=(X.shape[1],))
h = tf.keras.layers.Dense(256, activation="relu")(inputs)
h = tf.keras.layers.Dropout(0.3)(h)
h = tf.keras.layers.Dense(128, activation="relu")(h)
outputs = tf.keras.layers.Dense(len(GENRES), activation="sigmoid")(h)
model = tf.keras.Model(inputs, outputs)

model.compile(
    optimizer=tf.keras.optimizers.Adam(1e-3),
    loss="binary_crossentropy",
    metrics=[tf.keras.metrics.BinaryAccuracy(threshold=0.5), tf.keras.metrics.AUC(multi_label=True)],
)
model.fit(X, Y, epochs=25, batch_size=64, validation_split=0.15)

probs = model.predict(X[:3])
for row in probs:
    print({g: round(float(p), 2) for g, p in zip(GENRES, row)})
