# Fault detection from 12 vibration-sensor channels. Keras complains about
# "expected axis -1 of input shape to have value 10".
import numpy as np
import tensorflow as tf
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Dropout

tf.random.set_seed(2)

n_rows = 800
X = np.random.rand(n_rows, 12)                      # 12 sensor channels
y = (X[:, 3] * X[:, 9] > 0.25).astype(int)

model = Sequential()
model.add(Dense(32, input_dim=10, activation="relu"))  # expect: KL507
model.add(Dropout(0.2))
model.add(Dense(16, activation="relu"))
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(X, y, epochs=30, batch_size=16, validation_split=0.25)
