# Half-migrated repo: the model file was moved to Keras 3, but one hidden layer still comes
# from the tf_keras import we kept for the old checkpoint loader.
import numpy as np
import keras
import tf_keras

keras.utils.set_random_seed(0)

N_FEATURES = 30


def make_data(n=2000, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, N_FEATURES)).astype("float32")
    w = rng.normal(size=(N_FEATURES,))
    y = (X @ w + rng.normal(scale=1.0, size=n) > 0).astype("float32")
    return X, y


def load_legacy_model(path):
    # old Keras 2 checkpoints are still read with tf_keras
    return tf_keras.models.load_model(path)


X, y = make_data()
X_val, y_val = make_data(400, seed=1)

model = keras.Sequential([
    keras.Input(shape=(N_FEATURES,)),
    keras.layers.Dense(64, activation="relu"),
    tf_keras.layers.Dense(32, activation="relu"),  # expect: KL501
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=20, batch_size=32, validation_data=(X_val, y_val))
