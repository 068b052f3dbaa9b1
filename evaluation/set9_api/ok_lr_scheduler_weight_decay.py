# Keras 3 tabular regressor: AdamW with weight decay, a per-epoch LearningRateScheduler and
# early stopping; the model is exported in the native .keras format.
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(2025)

lr = 1e-3
weight_decay = 1e-4
epochs = 40

rng = np.random.default_rng(2025)
X = rng.normal(size=(6000, 12)).astype("float32")
coef = rng.normal(size=(12,)).astype("float32")
y = (X @ coef + 0.3 * np.sin(3 * X[:, 0]) + rng.normal(scale=0.1, size=6000)).astype("float32")
X_train, X_val = X[:5000], X[5000:]
y_train, y_val = y[:5000], y[5000:]


def scheduler(epoch, lr):
    # keep the initial rate for 10 epochs, then decay it exponentially
    if epoch < 10:
        return lr
    return float(lr * np.exp(-0.1))


model = keras.Sequential([
    keras.Input(shape=(12,)),
    layers.Dense(128, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(1),
])
optimizer = keras.optimizers.AdamW(learning_rate=lr, weight_decay=weight_decay)
model.compile(optimizer=optimizer, loss="mse", metrics=["mae"])

callbacks = [
    keras.callbacks.LearningRateScheduler(scheduler, verbose=1),
    keras.callbacks.EarlyStopping(monitor="val_loss", patience=6, restore_best_weights=True),
]
history = model.fit(X_train, y_train, validation_data=(X_val, y_val),
                    epochs=epochs, batch_size=64, callbacks=callbacks)
print("final lr:", float(keras.ops.convert_to_numpy(model.optimizer.learning_rate)))

model.save("regressor.keras")
reloaded = keras.saving.load_model("regressor.keras")
print(reloaded.evaluate(X_val, y_val, verbose=0))
