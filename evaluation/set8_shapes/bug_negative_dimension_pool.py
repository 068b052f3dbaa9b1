# "Computed output size would be zero or negative" when building my ECG model.
# Beats are 64 samples long. Which layer is wrong?
import numpy as np
import tensorflow as tf
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Conv1D, MaxPooling1D, Flatten, Dense, Dropout

tf.random.set_seed(64)

beats = np.random.randn(2000, 64, 1).astype("float32")
labels = np.random.randint(0, 5, size=(2000,))

model = Sequential()
model.add(Conv1D(16, 5, activation="relu", input_shape=(64, 1)))   # 60
model.add(MaxPooling1D(3))                                         # 20
model.add(Conv1D(32, 5, activation="relu"))                        # 16
model.add(MaxPooling1D(3))                                         # 5
model.add(Conv1D(64, 3, activation="relu"))                        # 3
model.add(MaxPooling1D(4))  # expect: KL809
model.add(Flatten())
model.add(Dropout(0.3))
model.add(Dense(5, activation="softmax"))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(beats, labels, epochs=10, batch_size=32)
