# Demand forecasting: one small model per store, trained nightly and saved to disk (tf_keras).
# The job slows down store after store and eventually runs out of memory.
import os

import numpy as np
import tensorflow as tf
import tf_keras as keras

tf.random.set_seed(2)

N_STORES = 150
LOOKBACK = 28
OUT_DIR = "store_models"


def make_store_series(store_id, days=730):
    rng = np.random.default_rng(store_id)
    t = np.arange(days)
    level = rng.uniform(50, 500)
    sales = level * (1 + 0.2 * np.sin(2 * np.pi * t / 7)) + rng.normal(scale=0.05 * level, size=days)
    return (sales / level).astype("float32")


def windows(series, lookback=LOOKBACK):
    X = np.stack([series[i:i + lookback] for i in range(len(series) - lookback)])
    return X[..., None], series[lookback:]


def build_forecaster():
    model = keras.Sequential([
        keras.layers.LSTM(32, input_shape=(LOOKBACK, 1)),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="mse", metrics=["mae"])
    return model


os.makedirs(OUT_DIR, exist_ok=True)
for store_id in range(N_STORES):
    X, y = windows(make_store_series(store_id))
    forecaster = build_forecaster()  # expect: KL902
    forecaster.fit(X[:-60], y[:-60], validation_data=(X[-60:], y[-60:]), epochs=20, batch_size=32, verbose=0)
    forecaster.save(os.path.join(OUT_DIR, f"store_{store_id:03d}.h5"))
    print(store_id, forecaster.evaluate(X[-60:], y[-60:], verbose=0))
