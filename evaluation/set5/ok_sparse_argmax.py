# Kaggle "Digit Recognizer"-style kernel: labels arrive one-hot in a CSV export,
# are converted back to integer ids with np.argmax, and trained with a sparse loss.
import numpy as np
import pandas as pd
from tensorflow import keras
from tensorflow.keras import layers

NUM_CLASSES = 10
df = pd.read_csv("train_onehot.csv")
label_cols = [f"label_{i}" for i in range(NUM_CLASSES)]
y_onehot = df[label_cols].values.astype("float32")
x = df.drop(columns=label_cols).values.reshape(-1, 28, 28, 1).astype("float32") / 255.0

y_int = np.argmax(y_onehot, axis=1)
split = int(0.9 * len(x))
x_train, x_val = x[:split], x[split:]
y_train, y_val = y_int[:split], y_int[split:]

model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(32, 5, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(256, activation="relu"),
    layers.Dropout(0.5),
    layers.Dense(NUM_CLASSES, activation="softmax"),
])
model.compile(optimizer="adam",
              loss=keras.losses.SparseCategoricalCrossentropy(),
              metrics=[keras.metrics.SparseCategoricalAccuracy()])
model.fit(x_train, y_train, epochs=10, batch_size=86, validation_data=(x_val, y_val))

pred = np.argmax(model.predict(x_val), axis=1)
print("val acc:", np.mean(pred == y_val))
