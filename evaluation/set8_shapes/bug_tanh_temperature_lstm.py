# Next-hour temperature forecast (deg C) from the last 24 hours of 3 sensors.
# MAE never gets below ~12 degrees.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(11)

N, WINDOW, N_SENSORS = 3000, 24, 3
X = np.random.rand(N, WINDOW, N_SENSORS).astype("float32")
y = np.random.uniform(-15.0, 35.0, size=(N,)).astype("float32")   # target temperature

model = keras.Sequential([
    keras.Input(shape=(WINDOW, N_SENSORS)),
    layers.LSTM(32),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="tanh"),  # expect: KL210
])
model.compile(optimizer=keras.optimizers.RMSprop(1e-3), loss="mae")

early = keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, restore_best_weights=True)
model.fit(X, y, epochs=40, batch_size=64, validation_split=0.15, callbacks=[early])
