# "Why is my accuracy always 0.0?" - Boston housing price regression
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.random.set_seed(20)

(x_train, y_train), (x_test, y_test) = keras.datasets.boston_housing.load_data()
mean = x_train.mean(axis=0)
std = x_train.std(axis=0)
x_train = (x_train - mean) / std
x_test = (x_test - mean) / std

model = keras.Sequential([
    keras.Input(shape=(13,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])  # expect: KL207
history = model.fit(x_train, y_train, epochs=150, batch_size=16, validation_split=0.2, verbose=0)
print("val:", history.history["val_loss"][-1])
test_scores = model.evaluate(x_test, y_test, verbose=0)
print("test:", test_scores)
