"""Chest X-ray pneumonia classifier (functional API, 128x128 grayscale)."""
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(1)

x = np.random.rand(900, 128, 128, 1).astype("float32")
y = np.random.randint(0, 2, size=(900,)).astype("float32")


def block(t, filters, drop):
    t = layers.Conv2D(filters, 3, padding="same", activation="relu")(t)
    t = layers.Conv2D(filters, 3, padding="same", activation="relu")(t)
    t = layers.Dropout(drop)(t)  # expect: KL814
    return layers.MaxPooling2D(2)(t)


inputs = keras.Input(shape=(128, 128, 1))
t = block(inputs, 16, 0.1)     # 64x64
t = block(t, 32, 0.1)          # 32x32
t = block(t, 64, 0.2)          # 16x16
t = block(t, 128, 0.2)         # 8x8
t = layers.GlobalAveragePooling2D()(t)
t = layers.Dense(64, activation="relu")(t)
outputs = layers.Dense(1, activation="sigmoid")(t)
model = keras.Model(inputs, outputs)
model.compile(optimizer=keras.optimizers.Adam(1e-4), loss="binary_crossentropy",
              metrics=["accuracy", keras.metrics.Recall(name="recall")])
model.fit(x, y, epochs=10, batch_size=16, validation_split=0.2,
          callbacks=[keras.callbacks.EarlyStopping(monitor="val_recall", mode="max", patience=3)])
