# Medium-sized in-memory training: 150k x 1500 features as float32 (900 MB) fit
# comfortably under 1 GiB; the same shape in float64 would not, so the dtype matters.
# Prediction on 120k x 1000 float64 rows is 960 MB, also under the threshold.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

N, D = 150_000, 1500
x_train = np.zeros((N, D), dtype=np.float32)
y_train = np.zeros((N,), dtype=np.int32)
with open("train_features.csv") as fh:
    for i, line in enumerate(fh):
        if i >= N:
            break
        *feats, label = line.rstrip().split(",")
        x_train[i] = np.asarray(feats, dtype=np.float32)
        y_train[i] = int(label)

model = keras.Sequential([
    keras.Input(shape=(D,)),
    layers.Dense(256, activation="relu"),
    layers.Dropout(0.2),
    layers.Dense(5, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=1024, epochs=5, validation_split=0.1)

aux = keras.Sequential([keras.Input(shape=(1000,)), layers.Dense(8, activation="relu"), layers.Dense(1)])
aux.compile(optimizer="adam", loss="mse")
x_score = np.ones((120_000, 1000))
scores = aux.predict(x_score, batch_size=4096)
print(scores.mean())
