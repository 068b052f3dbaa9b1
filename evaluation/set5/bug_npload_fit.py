# Kaggle kernel that preprocessed a big image set into one .npy file and loads the
# whole file into RAM before calling fit (no mmap_mode, no streaming).
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

x_train = np.load("/kaggle/input/preprocessed/train_images_256.npy")
y_train = np.load("/kaggle/input/preprocessed/train_labels.npy")
print(x_train.shape, x_train.dtype)

model = keras.Sequential([
    keras.Input(shape=(256, 256, 3)),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(128, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(128, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=keras.optimizers.Adam(1e-4), loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=32, epochs=5)  # not expected since issue 7: np.load of a size the code does not state (was KL301)
model.save("cnn_256.keras")
