# Real-estate listing model with two heads: price (regression, MSE, reported as MAE / RMSE / R2)
# and property type (classification, cross-entropy, reported as accuracy).
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(88)

rng = np.random.default_rng(88)
n = 10000
X = rng.normal(size=(n, 16)).astype("float32")
price = (3.0 + 0.9 * X[:, 0] + 0.5 * X[:, 1] * X[:, 2] + rng.normal(scale=0.2, size=n)).astype("float32")
prop_type = np.argmax(X[:, 3:7] + rng.normal(scale=0.5, size=(n, 4)), axis=1)

inputs = keras.Input(shape=(16,))
shared = layers.Dense(128, activation="relu")(inputs)
shared = layers.Dense(64, activation="relu")(shared)
price_out = layers.Dense(1, name="price")(shared)
type_out = layers.Dense(4, activation="softmax", name="prop_type")(shared)
model = keras.Model(inputs, {"price": price_out, "prop_type": type_out})

model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    loss={"price": "mse", "prop_type": "sparse_categorical_crossentropy"},
    loss_weights={"price": 1.0, "prop_type": 0.5},
    metrics={
        "price": ["mae", keras.metrics.RootMeanSquaredError(name="rmse"), keras.metrics.R2Score(name="r2")],
        "prop_type": ["accuracy"],
    },
)
model.fit(X, {"price": price, "prop_type": prop_type}, epochs=20, batch_size=128, validation_split=0.2)

price_only = keras.Sequential([
    keras.Input(shape=(16,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(1),
])
price_only.compile(optimizer="adam", loss=keras.losses.Huber(), metrics=["mae", "mse"])
price_only.fit(X, price, epochs=20, batch_size=128, validation_split=0.2)
