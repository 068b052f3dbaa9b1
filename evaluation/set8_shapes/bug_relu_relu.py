# Boston-housing style regression, adapted from an old Keras 1 snippet where the
# activation was a separate layer.
import numpy as np
from tensorflow import keras
from tensorflow.keras.layers import Dense, Activation

keras.utils.set_random_seed(2)

(x_train, y_train), (x_test, y_test) = keras.datasets.boston_housing.load_data()
mean, std = x_train.mean(axis=0), x_train.std(axis=0)
x_train = (x_train - mean) / std
x_test = (x_test - mean) / std

model = keras.Sequential()
model.add(keras.Input(shape=(13,)))
model.add(Dense(64, activation="relu"))
model.add(Activation("relu"))  # expect: KL812
model.add(Dense(64, activation="relu"))
model.add(Dense(1))
model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
model.fit(x_train, y_train, epochs=100, batch_size=16, validation_split=0.2, verbose=0)
print(model.evaluate(x_test, y_test, verbose=0))
