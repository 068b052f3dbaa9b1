"""Music-genre CNN on mel spectrograms (128 mel bins x 64 frames).

Pooling only along one axis at a time -- (1, 2) pools time, (2, 1) pools
frequency -- so every pooling layer still down-samples. Shapes (freq x time):
128x64 -> (2,2) 64x32 -> (2,1) 32x32 -> (1,2) 32x16 -> (2,2) 16x8 -> (4,4) 4x2
-> (2,1) 2x2 -> (2,2) 1x1 (a window equal to a 2x2 map still halves it).
"""
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, models

tf.random.set_seed(128)

GENRES = ["blues", "classical", "country", "disco", "hiphop",
          "jazz", "metal", "pop", "reggae", "rock"]
spec = np.random.randn(1000, 128, 64, 1).astype("float32")
genre = np.random.randint(0, len(GENRES), size=(1000,))

model = models.Sequential([
    layers.Input(shape=(128, 64, 1)),
    layers.Conv2D(32, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(pool_size=(2, 2)),        # 64 x 32
    layers.Conv2D(32, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(pool_size=(2, 1)),        # 32 x 32
    layers.Conv2D(64, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(pool_size=(1, 2)),        # 32 x 16
    layers.Conv2D(64, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(pool_size=(2, 2)),        # 16 x 8
    layers.Conv2D(128, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(pool_size=(4, 4)),        # 4 x 2
    layers.Conv2D(128, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(pool_size=(2, 1)),        # 2 x 2
    layers.MaxPooling2D(pool_size=(2, 2)),        # 1 x 1
    layers.Flatten(),
    layers.Dense(len(GENRES), activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(spec, genre, epochs=10, batch_size=32, validation_split=0.2)
