# Images are decoded into one preallocated float32 array (80k x 160 x 160 x 3, about
# 24.6 GB) which is then embedded into the graph with from_tensor_slices.
import os
import numpy as np
import tensorflow as tf
from PIL import Image
from tensorflow import keras
from tensorflow.keras import layers

root = "train_images"
files = sorted(os.listdir(root))[:80000]
images = np.zeros((80000, 160, 160, 3), dtype=np.float32)
labels = np.zeros((80000,), dtype=np.int64)
for i, name in enumerate(files):
    img = Image.open(os.path.join(root, name)).convert("RGB").resize((160, 160))
    images[i] = np.asarray(img, dtype=np.float32) / 255.0
    labels[i] = int(name.split("_")[0])

dataset = tf.data.Dataset.from_tensor_slices((images, labels))  # expect: KL302
dataset = dataset.shuffle(2048).batch(64).prefetch(tf.data.AUTOTUNE)

model = keras.Sequential([
    keras.Input(shape=(160, 160, 3)),
    layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(),
    layers.Conv2D(64, 3, activation="relu"), layers.GlobalAveragePooling2D(),
    layers.Dense(12, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(dataset, epochs=5)
