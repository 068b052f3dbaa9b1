"""Stock movement prediction from 30-day windows.

Started with the closing price only, then added open/high/volume columns.
"""
import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(77)

LOOKBACK = 30

def make_windows(n_windows=500, n_features=4):
    X = np.random.randn(n_windows, LOOKBACK, n_features).astype("float32")
    y = (X[:, -1, 0] > X[:, -2, 0]).astype("float32")
    return X, y

X, y = make_windows()
X_train, y_train = X[:400], y[:400]
X_test, y_test = X[400:], y[400:]

model = tf.keras.models.Sequential([
    tf.keras.layers.LSTM(50, return_sequences=True, input_shape=(LOOKBACK, 1)),  # expect: KL507
    tf.keras.layers.LSTM(50),
    tf.keras.layers.Dense(25, activation="relu"),
    tf.keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=20, batch_size=32, validation_data=(X_test, y_test))
