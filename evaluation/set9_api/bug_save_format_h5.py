# Customer churn model: training job that exports an HDF5 file for the old serving stack.
# Written against TF 2.12, now running in a TF 2.16 container.
import numpy as np
import tensorflow as tf
from tensorflow import keras

tf.random.set_seed(123)

N_FEATURES = 14


def load_data(n=4000):
    rng = np.random.default_rng(5)
    X = rng.normal(size=(n, N_FEATURES)).astype("float32")
    logits = X[:, 0] - 0.8 * X[:, 3] + 0.5 * X[:, 7] * X[:, 2]
    y = (logits + rng.normal(scale=0.7, size=n) > 0.3).astype("float32")
    return X, y


def build_model(norm):
    inputs = keras.Input(shape=(N_FEATURES,), name="features")
    x = norm(inputs)
    x = keras.layers.Dense(64, activation="relu")(x)
    x = keras.layers.Dropout(0.2)(x)
    x = keras.layers.Dense(32, activation="relu")(x)
    outputs = keras.layers.Dense(1, activation="sigmoid", name="churn")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
                  loss="binary_crossentropy",
                  metrics=["accuracy", keras.metrics.AUC(name="auc")])
    return model


X, y = load_data()
split = int(0.8 * len(X))
X_train, X_val, y_train, y_val = X[:split], X[split:], y[:split], y[split:]

norm = keras.layers.Normalization()
norm.adapt(X_train)
model = build_model(norm)
model.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=25, batch_size=64)

model.save("artifacts/churn_model", save_format="h5")  # expect: KL502
model.save_weights("artifacts/churn_weights", save_format="h5")  # expect: KL502

restored = keras.models.load_model("artifacts/churn_model")
print(restored.evaluate(X_val, y_val, verbose=0))
