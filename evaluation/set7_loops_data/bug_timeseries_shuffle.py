import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(1)

# synthetic "sensor" series: two seasonal components plus noise, 5 features
n_steps = 20000
t = np.arange(n_steps, dtype="float32")
rng = np.random.default_rng(1)
features = np.stack(
    [
        np.sin(2 * np.pi * t / 144) + 0.1 * rng.normal(size=n_steps),
        np.cos(2 * np.pi * t / 144) + 0.1 * rng.normal(size=n_steps),
        np.sin(2 * np.pi * t / 1008) + 0.1 * rng.normal(size=n_steps),
        rng.normal(size=n_steps),
        0.5 * np.sin(2 * np.pi * t / 72),
    ],
    axis=1,
).astype("float32")
target = features[:, 0] + 0.5 * features[:, 2]

split = int(0.8 * n_steps)
mean = features[:split].mean(axis=0)
std = features[:split].std(axis=0)
features = (features - mean) / std

sequence_length = 120
delay = sequence_length + 6
batch_size = 256

train_ds = keras.utils.timeseries_dataset_from_array(
    features[:-delay],
    targets=target[delay:],
    sequence_length=sequence_length,
    batch_size=batch_size,
    end_index=split,
)
val_ds = keras.utils.timeseries_dataset_from_array(
    features[:-delay],
    targets=target[delay:],
    sequence_length=sequence_length,
    batch_size=batch_size,
    start_index=split,
)

# windows come out in time order, shuffle them so batches are not all from the same week
train_ds = train_ds.shuffle(buffer_size=1000)  # expect: KL304
train_ds = train_ds.prefetch(2)
val_ds = val_ds.prefetch(2)

inputs = keras.Input(shape=(sequence_length, features.shape[-1]))
x = layers.LSTM(32)(inputs)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3), loss="mse", metrics=["mae"])

history = model.fit(train_ds, epochs=10, validation_data=val_ds)
print("best val mae:", min(history.history["val_mae"]))
