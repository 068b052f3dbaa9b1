# Notebook comparing a small and a deeper MLP on the same data. The optimizer is defined once
# in the "hyperparameters" cell and reused for both models.
import numpy as np
import matplotlib.pyplot as plt
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.random.set_seed(0)

# --- hyperparameters ---
EPOCHS = 30
BATCH_SIZE = 64
optimizer = keras.optimizers.Adam(learning_rate=1e-3)

# --- data ---
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
x_test = x_test.reshape(-1, 784).astype("float32") / 255.0

# --- models ---
small = keras.Sequential([
    keras.Input(shape=(784,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(10, activation="softmax"),
], name="small")

deeper = keras.Sequential([
    keras.Input(shape=(784,)),
    layers.Dense(256, activation="relu"),
    layers.Dense(128, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(10, activation="softmax"),
], name="deeper")

small.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
deeper.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])  # expect: KL602

hist_small = small.fit(x_train, y_train, epochs=EPOCHS, batch_size=BATCH_SIZE, validation_split=0.1)
hist_deeper = deeper.fit(x_train, y_train, epochs=EPOCHS, batch_size=BATCH_SIZE, validation_split=0.1)

plt.plot(hist_small.history["val_accuracy"], label="small")
plt.plot(hist_deeper.history["val_accuracy"], label="deeper")
plt.legend()
plt.savefig("comparison.png")
print("small:", small.evaluate(x_test, y_test, verbose=0))
print("deeper:", deeper.evaluate(x_test, y_test, verbose=0))
