# Labels are one-hot encoded with to_categorical, but the loss is the sparse
# variant, which expects integer class ids.
import numpy as np
import pandas as pd
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.utils import to_categorical

NUM_CLASSES = 7
df = pd.read_csv("covtype.csv")
X = df.drop(columns=["Cover_Type"]).values.astype("float32")
X = (X - X.mean(axis=0)) / (X.std(axis=0) + 1e-7)
y = to_categorical(df["Cover_Type"].values - 1, num_classes=NUM_CLASSES)

idx = np.random.permutation(len(X))
X, y = X[idx], y[idx]
split = int(0.8 * len(X))

model = keras.Sequential([
    keras.Input(shape=(X.shape[1],)),
    layers.Dense(256, activation="relu"),
    layers.BatchNormalization(),
    layers.Dense(128, activation="relu"),
    layers.Dense(NUM_CLASSES, activation="softmax"),
])
model.compile(optimizer="adam",  # expect: KL205
              loss=keras.losses.SparseCategoricalCrossentropy(),
              metrics=["accuracy"])
model.fit(X[:split], y[:split], batch_size=512, epochs=20, validation_data=(X[split:], y[split:]))
