# ECG arrhythmia 1-D CNN (MIT-BIH style beats of 187 samples, 5 classes).
import numpy as np
import tensorflow as tf
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Conv1D, MaxPool1D, Dropout, GlobalAveragePooling1D, Dense

tf.random.set_seed(187)

X = np.random.randn(8000, 187, 1).astype("float32")
y = np.random.randint(0, 5, size=(8000,))

model = Sequential([
    Conv1D(32, 5, activation="relu", input_shape=(187, 1)),
    Dropout(0.2),  # expect: KL814
    MaxPool1D(pool_size=3, strides=2),
    Conv1D(64, 5, activation="relu"),
    MaxPool1D(pool_size=3, strides=2),
    Conv1D(128, 3, activation="relu"),
    GlobalAveragePooling1D(),
    Dense(64, activation="relu"),
    Dense(5, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=20, batch_size=64, validation_split=0.1)
