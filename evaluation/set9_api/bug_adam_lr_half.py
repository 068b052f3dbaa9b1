# "Loss becomes nan after the first epoch" - wine quality classifier; I raised the learning rate
# because training was too slow.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.random.set_seed(3)

rng = np.random.default_rng(3)
n = 6497
X = rng.normal(size=(n, 11)).astype("float32")
quality = np.clip(np.round(5.8 + 0.6 * X[:, 10] - 0.4 * X[:, 1] + rng.normal(scale=0.6, size=n)), 3, 9)
y = (quality - 3).astype("int64")  # classes 0..6
n_classes = 7

X_train, X_val = X[:5200], X[5200:]
y_train, y_val = y[:5200], y[5200:]

model = keras.Sequential([
    keras.Input(shape=(11,)),
    layers.Dense(128, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(n_classes, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.5),  # expect: KL601
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
history = model.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=50, batch_size=32)
print(history.history["loss"][:5])
