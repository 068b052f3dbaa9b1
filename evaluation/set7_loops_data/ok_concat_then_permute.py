# Two classes loaded separately and concatenated, then shuffled together before fit():
# validation_split takes a random 20% of both classes.
import os

import numpy as np
from PIL import Image
import tensorflow as tf
from tensorflow.keras import layers, models

tf.keras.utils.set_random_seed(21)

IMG = 96


def load_folder(folder):
    images = []
    for name in sorted(os.listdir(folder)):
        if name.lower().endswith((".jpg", ".jpeg", ".png")):
            img = Image.open(os.path.join(folder, name)).convert("RGB").resize((IMG, IMG))
            images.append(np.asarray(img, dtype=np.float32) / 255.0)
    return np.stack(images)


cats = load_folder("PetImages/Cat")
dogs = load_folder("PetImages/Dog")
X = np.concatenate([cats, dogs], axis=0)
y = np.concatenate([np.zeros(len(cats)), np.ones(len(dogs))]).astype("float32")

perm = np.random.permutation(len(X))
X, y = X[perm], y[perm]

model = models.Sequential([
    layers.Input(shape=(IMG, IMG, 3)),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(128, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(128, activation="relu"),
    layers.Dropout(0.5),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=15, batch_size=32, validation_split=0.2)
