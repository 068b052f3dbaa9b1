# Manual grid search over width / dropout / learning rate for an MLP on Fashion-MNIST;
# the Keras session is cleared before each configuration is built.
import itertools
import json

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.random.set_seed(0)

(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
x_test = x_test.reshape(-1, 784).astype("float32") / 255.0

x_val, y_val = x_train[-10000:], y_train[-10000:]
x_tr, y_tr = x_train[:-10000], y_train[:-10000]

UNITS = [64, 128, 256, 512]
DROPOUTS = [0.0, 0.2, 0.4]
LEARNING_RATES = [1e-2, 3e-3, 1e-3]


def build_model(units, dropout, lr):
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        layers.Dense(units, activation="relu"),
        layers.Dropout(dropout),
        layers.Dense(units // 2, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr),
                  loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


results = []
for units, dropout, lr in itertools.product(UNITS, DROPOUTS, LEARNING_RATES):
    keras.backend.clear_session()
    model = build_model(units, dropout, lr)
    history = model.fit(x_tr, y_tr, epochs=10, batch_size=128,
                        validation_data=(x_val, y_val), verbose=0)
    best_val = max(history.history["val_accuracy"])
    results.append({"units": units, "dropout": dropout, "lr": lr, "val_acc": best_val})
    print(f"units={units} dropout={dropout} lr={lr}: val_acc={best_val:.4f}")

best = max(results, key=lambda r: r["val_acc"])
print("best:", json.dumps(best))
with open("grid_results.json", "w") as f:
    json.dump(results, f, indent=2)
