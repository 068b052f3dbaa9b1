# Blog: "Building an input pipeline for a custom image dataset with tf.data"
import glob

import numpy as np
import tensorflow as tf
from PIL import Image

files = sorted(glob.glob("dataset/*/*.jpg"))
class_names = sorted({f.split("/")[-2] for f in files})

# Step 1: read all images into one array
images = np.empty((100000, 128, 128, 3), dtype=np.float32)
labels = np.empty((100000,), dtype=np.int64)
for i, f in enumerate(files[:100000]):
    images[i] = np.asarray(Image.open(f).convert("RGB").resize((128, 128))) / 255.0
    labels[i] = class_names.index(f.split("/")[-2])

# Step 2: wrap it into a tf.data pipeline
dataset = tf.data.Dataset.from_tensor_slices((images, labels))  # expect: KL302
dataset = dataset.shuffle(10000).batch(64).prefetch(tf.data.AUTOTUNE)

# Step 3: train
model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(128, 128, 3)),
    tf.keras.layers.Conv2D(32, 3, activation="relu"),
    tf.keras.layers.MaxPooling2D(),
    tf.keras.layers.Conv2D(64, 3, activation="relu"),
    tf.keras.layers.GlobalAveragePooling2D(),
    tf.keras.layers.Dense(len(class_names), activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(dataset, epochs=10)
