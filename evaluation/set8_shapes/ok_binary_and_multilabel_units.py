"""Output sizes that match the stated classes without being equal to the list length.

- binary task with a two-entry class list -> one sigmoid unit;
- multi-label tagging over N tags -> N sigmoid units;
- 7 cover types via to_categorical(num_classes=7) -> Dense(NUM_CLASSES).
"""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.utils import to_categorical

keras.utils.set_random_seed(3)

# binary: ["negative", "positive"] -> a single probability of "positive"
CLASS_NAMES = ["negative", "positive"]
x_bin = np.random.rand(2000, 30).astype("float32")
y_bin = np.random.randint(0, len(CLASS_NAMES), size=(2000,)).astype("float32")
binary = keras.Sequential([
    keras.Input(shape=(30,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
binary.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
binary.fit(x_bin, y_bin, epochs=5, batch_size=32, verbose=0)
p = binary.predict(x_bin[:4], verbose=0).ravel()
print([CLASS_NAMES[int(v > 0.5)] for v in p])

# multi-label
TAGS = ["python", "javascript", "java", "c++", "sql", "docker"]
x_ml = np.random.rand(3000, 100).astype("float32")
y_ml = (np.random.rand(3000, len(TAGS)) < 0.25).astype("float32")
tagger = keras.Sequential([
    keras.Input(shape=(100,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(len(TAGS), activation="sigmoid"),
])
tagger.compile(optimizer="adam", loss="binary_crossentropy",
               metrics=[keras.metrics.AUC(multi_label=True)])
tagger.fit(x_ml, y_ml, epochs=5, batch_size=64, verbose=0)

# 7 classes, one-hot
NUM_CLASSES = 7
x_ct = np.random.rand(6000, 54).astype("float32")
cover_type = np.random.randint(1, 8, size=6000)
y_ct = to_categorical(cover_type - 1, num_classes=NUM_CLASSES)
cover = keras.Sequential([
    keras.Input(shape=(54,)),
    layers.Dense(128, activation="relu"),
    layers.Dense(NUM_CLASSES, activation="softmax"),
])
cover.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
cover.fit(x_ct, y_ct, epochs=5, batch_size=128, verbose=0)
