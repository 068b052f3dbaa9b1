# Forest cover type (7 classes, Kaggle-style) with a plain MLP.
# Getting "Shapes (None, 7) and (None, 6) are incompatible" -- but I thought
# cover types go 0..6 after subtracting one?
import numpy as np
from tensorflow import keras
from tensorflow.keras.utils import to_categorical

np.random.seed(0)
keras.utils.set_random_seed(0)

NUM_FEATURES = 54
X = np.random.rand(6000, NUM_FEATURES).astype("float32")
cover_type = np.random.randint(1, 8, size=6000)      # labels 1..7 as in the CSV
y = to_categorical(cover_type - 1, num_classes=7)

model = keras.Sequential()
model.add(keras.Input(shape=(NUM_FEATURES,)))
model.add(keras.layers.Dense(128, activation="relu"))
model.add(keras.layers.Dense(64, activation="relu"))
model.add(keras.layers.Dense(6, activation="softmax"))  # expect: KL209

model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(X, y, epochs=10, batch_size=128, validation_split=0.2)
