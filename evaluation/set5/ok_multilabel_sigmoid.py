# Multi-label image tagging (Planet Amazon / movie-genre Kaggle kernels):
# one sigmoid per tag with binary cross-entropy, labels are multi-hot.
import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

TAGS = ["clear", "cloudy", "haze", "partly_cloudy", "agriculture", "primary",
        "road", "water", "habitation", "cultivation", "bare_ground", "slash_burn"]
IMG = 128

df = pd.read_csv("train_v2.csv")
labels = np.zeros((len(df), len(TAGS)), dtype="float32")
for i, tags in enumerate(df["tags"].str.split()):
    for t in tags:
        if t in TAGS:
            labels[i, TAGS.index(t)] = 1.0
paths = ("train-jpg/" + df["image_name"] + ".jpg").values


def load(path, y):
    img = tf.io.decode_jpeg(tf.io.read_file(path), channels=3)
    img = tf.image.resize(img, (IMG, IMG)) / 255.0
    return img, y


ds = (tf.data.Dataset.from_tensor_slices((paths, labels))
      .shuffle(4096).map(load, num_parallel_calls=tf.data.AUTOTUNE)
      .batch(64).prefetch(tf.data.AUTOTUNE))

model = keras.Sequential([
    keras.Input(shape=(IMG, IMG, 3)),
    layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(),
    layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(),
    layers.Conv2D(128, 3, activation="relu"), layers.GlobalAveragePooling2D(),
    layers.Dense(256, activation="relu"),
    layers.Dense(len(TAGS), activation="sigmoid"),
])
model.compile(
    optimizer="adam",
    loss=keras.losses.BinaryCrossentropy(),
    metrics=[keras.metrics.BinaryAccuracy(threshold=0.5), keras.metrics.AUC(multi_label=True)],
)
model.fit(ds, epochs=10)
