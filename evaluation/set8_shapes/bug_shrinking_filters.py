# Dogs vs cats from scratch (150x150). Filters go 64 -> 32 -> 16 to "save parameters".
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(150)

x = np.random.rand(800, 150, 150, 3).astype("float32")
y = np.random.randint(0, 2, size=(800,)).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(150, 150, 3)),
    layers.Conv2D(64, 3, activation="relu"),     # 148
    layers.MaxPooling2D(2),                      # 74
    layers.Conv2D(32, 3, activation="relu"),  # expect: KL815
    layers.MaxPooling2D(2),                      # 36
    layers.Conv2D(32, 3, activation="relu"),     # 34
    layers.MaxPooling2D(2),                      # 17
    layers.Flatten(),
    layers.Dense(128, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=10, batch_size=20, validation_split=0.2)
