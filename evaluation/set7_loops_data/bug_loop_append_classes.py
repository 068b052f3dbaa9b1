# Plant disease dataset: one folder per disease. The last classes never get predicted
# correctly on the validation set, early classes look perfect.
import os
import cv2
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.keras.utils.set_random_seed(13)

DATA_DIR = "plant_village/train"
IMG_SIZE = 64
CATEGORIES = sorted(os.listdir(DATA_DIR))

X = []
y = []
for class_num, category in enumerate(CATEGORIES):
    path = os.path.join(DATA_DIR, category)
    for img_name in os.listdir(path):
        img = cv2.imread(os.path.join(path, img_name))
        if img is None:
            continue
        img = cv2.resize(img, (IMG_SIZE, IMG_SIZE))
        X.append(img)
        y.append(class_num)

X = np.array(X, dtype="float32") / 255.0
y = np.array(y)
print(X.shape, len(CATEGORIES))

model = keras.Sequential([
    keras.Input(shape=(IMG_SIZE, IMG_SIZE, 3)),
    layers.Conv2D(32, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(128, 3, padding="same", activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(128, activation="relu"),
    layers.Dense(len(CATEGORIES), activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, batch_size=32, epochs=20, validation_split=0.2)  # expect: KL307
