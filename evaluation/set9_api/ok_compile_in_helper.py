# Experiment code where compile() happens away from fit(): a builder function that returns a
# compiled model, and a small Trainer class that compiles in __init__.
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(23)

N_FEATURES = 10


def get_data(n=3000, seed=23):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, N_FEATURES)).astype("float32")
    y = (np.sin(X[:, 0]) + 0.5 * X[:, 1] * X[:, 2]).astype("float32")
    return X, y


def build_and_compile(hidden=64, lr=1e-3):
    model = keras.Sequential([
        keras.Input(shape=(N_FEATURES,)),
        layers.Dense(hidden, activation="relu"),
        layers.Dense(hidden, activation="relu"),
        layers.Dense(1),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr), loss="mse", metrics=["mae"])
    return model


class Trainer:
    def __init__(self, model, lr=1e-3):
        self.model = model
        self.model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr),
                           loss=keras.losses.Huber(), metrics=["mae"])

    def train(self, X, y, epochs=20):
        return self.model.fit(X, y, epochs=epochs, batch_size=64, validation_split=0.2, verbose=0)

    def score(self, X, y):
        return self.model.evaluate(X, y, verbose=0)


X, y = get_data()
X_test, y_test = get_data(500, seed=24)

model = build_and_compile()
model.fit(X, y, epochs=20, batch_size=64, validation_split=0.2)
print("builder model:", model.evaluate(X_test, y_test, verbose=0))

wide = keras.Sequential([
    keras.Input(shape=(N_FEATURES,)),
    layers.Dense(256, activation="relu"),
    layers.Dense(1),
])
trainer = Trainer(wide, lr=5e-4)
trainer.train(X, y)
print("trainer model:", trainer.score(X_test, y_test))
