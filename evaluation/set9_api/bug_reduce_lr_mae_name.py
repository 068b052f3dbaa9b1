# California-housing-style regressor. ReduceLROnPlateau never lowers the learning rate.
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(4)

rng = np.random.default_rng(4)
n = 20640
X = rng.normal(size=(n, 8)).astype("float32")
y = (2.0 + 0.8 * X[:, 0] - 0.3 * X[:, 6] * X[:, 7] + rng.normal(scale=0.3, size=n)).astype("float32")

idx = rng.permutation(n)
train_idx, val_idx = idx[:16000], idx[16000:]
X_train, y_train = X[train_idx], y[train_idx]
X_val, y_val = X[val_idx], y[val_idx]

model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(1),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="mse", metrics=["mae"])

callbacks = [
    keras.callbacks.ReduceLROnPlateau(
        monitor="val_mean_absolute_error",  # expect: KL505
        factor=0.5,
        patience=4,
        min_lr=1e-5,
    ),
    keras.callbacks.EarlyStopping(monitor="val_loss", patience=12, restore_best_weights=True),
]
history = model.fit(X_train, y_train, validation_data=(X_val, y_val),
                    epochs=200, batch_size=256, callbacks=callbacks)
print(min(history.history["val_mae"]))
