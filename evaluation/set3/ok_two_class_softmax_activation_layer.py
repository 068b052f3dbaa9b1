"""Two-class softmax head built with a separate Activation layer (functional API)."""
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, Model
from tensorflow.keras.utils import to_categorical
import pandas as pd

df = pd.read_csv("spam_features.csv")
y_int = df.pop("is_spam").values
X = df.values.astype("float32")
X = (X - X.mean(0)) / (X.std(0) + 1e-6)
Y = to_categorical(y_int, num_classes=2)

inputs = layers.Input(shape=(X.shape[1],))
h = layers.Dense(64, activation="relu")(inputs)
h = layers.Dropout(0.3)(h)
logits = layers.Dense(2)(h)
probs = layers.Activation("softmax")(logits)
model = Model(inputs, probs)

model.compile(optimizer=tf.keras.optimizers.Adam(5e-4),
              loss="categorical_crossentropy",
              metrics=["accuracy"])
idx = np.random.permutation(len(X))
model.fit(X[idx], Y[idx], epochs=25, batch_size=32, validation_split=0.2)
