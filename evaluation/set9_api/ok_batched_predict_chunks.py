# Large-scale scoring done right: predict() over big chunks (bounded memory), one predict per
# day of data, and a streaming loop that calls the model directly on each new window.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.random.set_seed(81)

WINDOW = 48
N_SENSORS = 6

rng = np.random.default_rng(81)
series = np.cumsum(rng.normal(size=(40000, N_SENSORS)), axis=0).astype("float32")
series = (series - series.mean(axis=0)) / series.std(axis=0)

starts = np.arange(0, len(series) - WINDOW - 1, 4)
X = np.stack([series[s:s + WINDOW] for s in starts])
y = series[starts + WINDOW, 0]

model = keras.Sequential([
    keras.Input(shape=(WINDOW, N_SENSORS)),
    layers.Conv1D(32, 5, activation="relu"),
    layers.GlobalAveragePooling1D(),
    layers.Dense(32, activation="relu"),
    layers.Dense(1),
])
model.compile(optimizer=keras.optimizers.AdamW(learning_rate=1e-3, weight_decay=0.1),
              loss="mse", metrics=["mae"])
model.fit(X, y, epochs=10, batch_size=256, validation_split=0.1)

# 1) chunked batch scoring of all windows
chunk_preds = []
for chunk in np.array_split(X, 8):
    chunk_preds.append(model.predict(chunk, batch_size=1024, verbose=0))
all_preds = np.concatenate(chunk_preds)
print("scored", all_preds.shape[0], "windows")

# 2) one predict per day (each call scores a whole day of windows)
windows_per_day = 96
for day in range(3):
    day_windows = X[day * windows_per_day:(day + 1) * windows_per_day]
    day_pred = model.predict(day_windows, verbose=0)
    print(f"day {day}: mean forecast {float(day_pred.mean()):.3f}")

# 3) streaming: one new window at a time, direct call instead of predict()
buffer = series[-WINDOW:].copy()
for step in range(20):
    new_reading = series[step % len(series)]
    buffer = np.vstack([buffer[1:], new_reading])
    forecast = model(buffer[None, ...], training=False)
    print(step, float(forecast[0, 0]))
