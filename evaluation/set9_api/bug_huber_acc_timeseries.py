# Next-hour temperature forecasting with an LSTM (weather-style sliding windows).
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.random.set_seed(24)

rng = np.random.default_rng(24)
hours = np.arange(24 * 365 * 3)
temperature = (10 + 8 * np.sin(2 * np.pi * hours / (24 * 365)) + 4 * np.sin(2 * np.pi * hours / 24)
               + rng.normal(scale=1.0, size=hours.shape)).astype("float32")
humidity = (60 + 20 * np.cos(2 * np.pi * hours / 24) + rng.normal(scale=5, size=hours.shape)).astype("float32")
features = np.stack([temperature, humidity], axis=-1)
features = (features - features.mean(axis=0)) / features.std(axis=0)

sequence_length = 72
train_end = int(0.7 * len(features))
val_end = int(0.85 * len(features))


def make_ds(start, end, shuffle):
    return keras.utils.timeseries_dataset_from_array(
        features[start:end - sequence_length],
        temperature[start + sequence_length:end],
        sequence_length=sequence_length,
        batch_size=256,
        shuffle=shuffle,
        seed=24,
    ).prefetch(tf.data.AUTOTUNE)


train_ds = make_ds(0, train_end, shuffle=True)
val_ds = make_ds(train_end, val_end, shuffle=False)
test_ds = make_ds(val_end, len(features), shuffle=False)

inputs = keras.Input(shape=(sequence_length, features.shape[-1]))
x = layers.LSTM(32, recurrent_dropout=0.1)(inputs)
x = layers.Dense(16, activation="relu")(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)

model.compile(  # expect: KL207
    optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
    loss=tf.keras.losses.Huber(delta=1.0),
    metrics=["acc"],
)
history = model.fit(train_ds, epochs=15, validation_data=val_ds)
print("test:", model.evaluate(test_ds, verbose=0))
