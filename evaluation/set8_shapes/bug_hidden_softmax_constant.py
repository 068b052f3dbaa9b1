# Wine quality (red + white, 7 quality grades) with a configurable MLP.
# I kept the hidden activation that gave the smoothest loss curve.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

SEED = 11
HIDDEN_UNITS = (128, 64)
HIDDEN_ACTIVATION = "softmax"    # tried relu / elu / softmax: softmax has the smoothest loss
QUALITY_GRADES = [3, 4, 5, 6, 7, 8, 9]

keras.utils.set_random_seed(SEED)

X = np.random.rand(6497, 12).astype("float32")
grade = np.random.choice(QUALITY_GRADES, size=6497)
y = np.array([QUALITY_GRADES.index(g) for g in grade])


def build_mlp(n_features, n_classes):
    inputs = keras.Input(shape=(n_features,))
    x = inputs
    for units in HIDDEN_UNITS:
        x = layers.Dense(units, activation=HIDDEN_ACTIVATION)(x)  # expect: KL206
        x = layers.Dropout(0.1)(x)
    outputs = layers.Dense(n_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)


model = build_mlp(X.shape[1], len(QUALITY_GRADES))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=40, batch_size=64, validation_split=0.2)
