"""Human activity recognition from 20-step windows of 6 IMU channels (1-D CNN)."""
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, models

tf.random.set_seed(61)

WINDOW, CHANNELS, N_ACTIVITIES = 20, 6, 6
X = np.random.randn(6000, WINDOW, CHANNELS).astype("float32")
y = np.random.randint(0, N_ACTIVITIES, size=(6000,))


def build_har_cnn():
    model = models.Sequential(name="har_cnn")
    model.add(layers.Input(shape=(WINDOW, CHANNELS)))
    model.add(layers.Conv1D(32, kernel_size=5, padding="same", activation="relu"))
    model.add(layers.MaxPooling1D(pool_size=4))
    model.add(layers.Conv1D(64, kernel_size=7, padding="same", activation="relu"))  # expect: KL809
    model.add(layers.GlobalMaxPooling1D())
    model.add(layers.Dense(64, activation="relu"))
    model.add(layers.Dense(N_ACTIVITIES, activation="softmax"))
    return model


model = build_har_cnn()
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=15, batch_size=64, validation_split=0.2)
