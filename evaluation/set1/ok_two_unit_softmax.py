# Pneumonia vs normal chest x-ray features: comparing two equivalent binary heads.
#  (a) 2-unit softmax with categorical cross-entropy on one-hot labels
#  (b) 1-unit sigmoid with binary cross-entropy on 0/1 labels
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.utils import to_categorical

rng = np.random.default_rng(7)
x = rng.normal(size=(4000, 64)).astype("float32")
y = (x[:, :4].sum(axis=1) + 0.5 * rng.normal(size=4000) > 0).astype("int32")
y_onehot = to_categorical(y, num_classes=2)


def trunk():
    inp = keras.Input(shape=(64,))
    h = layers.Dense(64, activation="relu")(inp)
    h = layers.Dense(32, activation="relu")(h)
    return inp, h


inp_a, h_a = trunk()
head_a = keras.Model(inp_a, layers.Dense(2, activation="softmax")(h_a))
head_a.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
head_a.fit(x, y_onehot, epochs=10, batch_size=64, validation_split=0.2, verbose=2)

inp_b, h_b = trunk()
head_b = keras.Model(inp_b, layers.Dense(1, activation="sigmoid")(h_b))
head_b.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(), metrics=["accuracy"])
head_b.fit(x, y, epochs=10, batch_size=64, validation_split=0.2, verbose=2)

pa = head_a.predict(x[:200])[:, 1]
pb = head_b.predict(x[:200])[:, 0]
print("agreement:", np.mean((pa > 0.5) == (pb > 0.5)))
