# Audio-feature classifier. Shuffles that *look* like discarded results but are in-place
# (random.shuffle / np.random.shuffle), and the tf.data shuffle result is assigned.
import glob
import random

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

random.seed(0)
np.random.seed(0)
tf.random.set_seed(0)

paths = sorted(glob.glob("features/*/*.npy"))
random.shuffle(paths)
class_names = sorted({p.split("/")[-2] for p in paths})
labels = np.array([class_names.index(p.split("/")[-2]) for p in paths])
features = np.stack([np.load(p) for p in paths]).astype("float32")  # (n, 40) MFCC means
features = (features - features.mean(axis=0)) / (features.std(axis=0) + 1e-6)

idx = np.arange(len(features))
np.random.shuffle(idx)
split = int(0.85 * len(idx))
train_idx, test_idx = idx[:split], idx[split:]

ds = tf.data.Dataset.from_tensor_slices((features[train_idx], labels[train_idx]))
ds = ds.shuffle(1000)
ds = ds.batch(32).prefetch(tf.data.AUTOTUNE)

model = keras.Sequential([
    keras.Input(shape=(features.shape[1],)),
    layers.Dense(128, activation="relu"),
    layers.Dropout(0.3),
    layers.Dense(64, activation="relu"),
    layers.Dense(len(class_names), activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(ds, epochs=40)

# second run on the plain arrays: batch_size / validation_split are valid with NumPy input,
# and the rows were already shuffled above
model2 = keras.models.clone_model(model)
model2.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model2.fit(features[train_idx], labels[train_idx], batch_size=32, epochs=40, validation_split=0.15)
print(model.evaluate(features[test_idx], labels[test_idx], verbose=0))
