# Digit classifier on the sklearn 8x8 digits, written to compare activations.
# Removing the first hidden layer changes nothing at all -- suspicious.
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

tf.random.set_seed(0)
np.random.seed(0)

digits = load_digits()
X = (digits.data / 16.0).astype("float32")      # (1797, 64)
y = digits.target
X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, random_state=0)

HIDDEN_ACT = "tanh"

model = tf.keras.Sequential([
    tf.keras.Input(shape=(64,)),
    tf.keras.layers.Dense(100, activation=None),  # expect: KL807
    tf.keras.layers.Dense(50, activation=HIDDEN_ACT),
    tf.keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X_tr, y_tr, epochs=40, batch_size=32, validation_data=(X_te, y_te), verbose=0)
print(model.evaluate(X_te, y_te, verbose=0))
