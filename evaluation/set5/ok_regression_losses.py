# Boston housing regression (Deep Learning with Python, ch. 3 / Keras examples):
# linear output, mse / mae / huber losses, mae metric. No cross-entropy anywhere.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

(train_data, train_targets), (test_data, test_targets) = keras.datasets.boston_housing.load_data()
mean = train_data.mean(axis=0)
std = train_data.std(axis=0)
train_data = (train_data - mean) / std
test_data = (test_data - mean) / std


def build_model(loss):
    model = keras.Sequential([
        keras.Input(shape=(train_data.shape[1],)),
        layers.Dense(64, activation="relu"),
        layers.Dense(64, activation="relu"),
        layers.Dense(1),
    ])
    model.compile(optimizer="rmsprop", loss=loss, metrics=["mae"])
    return model


results = {}
for loss in ["mse", "mae", keras.losses.Huber(delta=2.0)]:
    keras.backend.clear_session()
    model = build_model(loss)
    model.fit(train_data, train_targets, epochs=80, batch_size=16, verbose=0)
    _, test_mae = model.evaluate(test_data, test_targets, verbose=0)
    results[str(loss)] = test_mae

for name, mae in results.items():
    print(f"{name}: test MAE = {mae:.2f} (thousands of dollars)")

log_model = keras.Sequential([
    keras.Input(shape=(train_data.shape[1],)),
    layers.Dense(32, activation="relu"),
    layers.Dense(1, activation="linear"),
])
log_model.compile(optimizer="adam", loss=keras.losses.MeanSquaredLogarithmicError())
log_model.fit(train_data, train_targets, epochs=50, verbose=0)
print(np.round(log_model.predict(test_data[:5]).ravel(), 1))
