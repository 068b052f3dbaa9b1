# Pretrain on the big synthetic task, then freeze the first two layers and adapt
# to the small target task. The "frozen" layers' weights still change!
import numpy as np
import tensorflow as tf
from tensorflow import keras

keras.utils.set_random_seed(10)

X_big = np.random.rand(20000, 20).astype("float32")
y_big = (X_big.sum(axis=1) > 10).astype("float32")
X_small = np.random.rand(300, 20).astype("float32")
y_small = (X_small[:, :10].sum(axis=1) > 5).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(20,)),
    keras.layers.Dense(64, activation="relu", name="shared_1"),
    keras.layers.Dense(64, activation="relu", name="shared_2"),
    keras.layers.Dense(16, activation="relu", name="head_1"),
    keras.layers.Dense(1, activation="sigmoid", name="out"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X_big, y_big, epochs=5, batch_size=128)

before = [w.copy() for w in model.layers[0].get_weights()]

for layer in model.layers[:2]:
    layer.trainable = False  # expect: KL801

model.fit(X_small, y_small, epochs=20, batch_size=16)

after = model.layers[0].get_weights()
print("shared_1 changed:", any(not np.allclose(a, b) for a, b in zip(before, after)))
