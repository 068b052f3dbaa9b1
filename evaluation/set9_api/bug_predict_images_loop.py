# Batch "inference service" for a CIFAR-10 classifier: label every image in the incoming folder
# (here: the first 2,000 test images) and write a CSV.
import csv

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.random.set_seed(15)

class_names = ["airplane", "automobile", "bird", "cat", "deer",
               "dog", "frog", "horse", "ship", "truck"]

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_train = x_train.astype("float32") / 255.0
incoming = x_test[:2000].astype("float32") / 255.0

model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(32, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(128, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, batch_size=64, validation_split=0.1)

rows = []
for i, img in enumerate(incoming):
    img_batch = np.expand_dims(img, axis=0)
    probs = model.predict(img_batch)  # expect: KL901
    rows.append((f"img_{i:05d}.png", class_names[int(np.argmax(probs))], float(np.max(probs))))

with open("predictions.csv", "w", newline="") as f:
    writer = csv.writer(f)
    writer.writerow(["file", "label", "confidence"])
    writer.writerows(rows)
