# Audio-event detection on raw 1-second clips downsampled to 2000 Hz.
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(2000)

clips = np.random.randn(1500, 2000, 1).astype("float32")
events = np.random.randint(0, 8, size=(1500,))

model = keras.Sequential([
    keras.Input(shape=(2000, 1)),
    layers.Conv1D(128, 9, strides=2, activation="relu"),     # 996
    layers.MaxPooling1D(4),                                  # 249
    layers.Conv1D(64, 9, activation="relu"),  # expect: KL815
    layers.MaxPooling1D(4),                                  # 60
    layers.Conv1D(64, 9, activation="relu"),                 # 52
    layers.GlobalAveragePooling1D(),
    layers.Dense(8, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(clips, events, epochs=10, batch_size=32, validation_split=0.2)
