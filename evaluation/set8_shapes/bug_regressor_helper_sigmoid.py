"""Small experiment harness for a synthetic regression problem.

Target: y = 3*x0 + 2*x1 + 10 (+ tiny noise). Every config ends with a
validation Huber loss of ~10 and flat predictions. I reuse `build_regressor`
from my classification project.
"""
import json
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

CONFIGS = [
    {"hidden": (64, 32), "lr": 1e-3, "batch": 32},
    {"hidden": (128, 64), "lr": 5e-4, "batch": 64},
]


def make_data(n=5000, n_features=4, seed=0):
    np.random.seed(seed)
    X = np.random.rand(n, n_features).astype("float32")
    y = 3.0 * X[:, 0] + 2.0 * X[:, 1] + 10.0
    y = y.astype("float32")
    return X, y


def build_regressor(n_features, hidden=(64, 32), out_activation="sigmoid"):
    inputs = keras.Input(shape=(n_features,), name="features")
    x = inputs
    for i, units in enumerate(hidden):
        x = layers.Dense(units, activation="relu", name=f"hidden_{i}")(x)
    outputs = layers.Dense(1, activation=out_activation, name="target")(x)  # expect: KL210
    return keras.Model(inputs, outputs)


def split(X, y, frac=0.8):
    n = int(len(X) * frac)
    return (X[:n], y[:n]), (X[n:], y[n:])


def run(config, X, y):
    (x_tr, y_tr), (x_va, y_va) = split(X, y)
    model = build_regressor(X.shape[1], hidden=config["hidden"])
    model.compile(optimizer=keras.optimizers.Adam(config["lr"]),
                  loss=keras.losses.Huber(delta=1.0),
                  metrics=["mae"])
    hist = model.fit(x_tr, y_tr, validation_data=(x_va, y_va),
                     epochs=30, batch_size=config["batch"], verbose=0)
    return {
        "config": config,
        "val_loss": float(hist.history["val_loss"][-1]),
        "val_mae": float(hist.history["val_mae"][-1]),
    }


def main():
    keras.utils.set_random_seed(17)
    X, y = make_data()
    print("target range:", y.min(), y.max())
    results = []
    for cfg in CONFIGS:
        keras.backend.clear_session()
        results.append(run(cfg, X, y))
    print(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
