"""Hourly electricity-load forecasting with a stacked LSTM (24h ahead, multi-step)."""
import numpy as np
import pandas as pd
import keras
from keras import layers

WINDOW = 168      # one week of history
HORIZON = 24
SEED = 8


def make_split(values, start, end, shuffle):
    return keras.utils.timeseries_dataset_from_array(
        data=values[start:end - HORIZON],
        targets=None,
        sequence_length=WINDOW + HORIZON,
        batch_size=64,
        shuffle=shuffle,
        seed=SEED,
    ).map(lambda w: (w[:, :WINDOW, :], w[:, WINDOW:, 0]))


def build(n_features):
    inputs = keras.Input(shape=(WINDOW, n_features))
    x = layers.LSTM(128, return_sequences=True,
                    kernel_initializer="glorot_uniform",
                    recurrent_initializer="orthogonal")(inputs)
    x = layers.LSTM(64, recurrent_initializer=keras.initializers.Orthogonal(gain=1.0))(x)
    x = layers.Dense(64, activation="relu")(x)
    outputs = layers.Dense(HORIZON, name="load_forecast")(x)
    return keras.Model(inputs, outputs)


if __name__ == "__main__":
    keras.utils.set_random_seed(SEED)
    df = pd.read_csv("load_hourly.csv", parse_dates=["timestamp"]).set_index("timestamp")
    df["hour_sin"] = np.sin(2 * np.pi * df.index.hour / 24)
    df["hour_cos"] = np.cos(2 * np.pi * df.index.hour / 24)
    values = df[["load_mw", "temp_c", "hour_sin", "hour_cos"]].to_numpy("float32")
    n = len(values)
    train_end, val_end = int(0.7 * n), int(0.85 * n)
    mean, std = values[:train_end].mean(0), values[:train_end].std(0)
    values = (values - mean) / std

    train_ds = make_split(values, 0, train_end, shuffle=True)
    val_ds = make_split(values, train_end, val_end, shuffle=False)
    test_ds = make_split(values, val_end, n, shuffle=False)

    model = build(values.shape[1])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse",
                  metrics=[keras.metrics.MeanAbsoluteError(name="mae")])
    model.fit(train_ds, validation_data=val_ds, epochs=30,
              callbacks=[keras.callbacks.EarlyStopping(monitor="val_mae", patience=5,
                                                       restore_best_weights=True)])
    mae_norm = model.evaluate(test_ds, return_dict=True, verbose=0)["mae"]
    print(f"test MAE: {mae_norm * std[0]:.1f} MW")
