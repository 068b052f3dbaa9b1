# Deep ensemble of 5 MLPs for uncertainty estimates. clear_session() keeps memory flat between
# members; the optimizer is configured once before the loop.
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)

N_MEMBERS = 5
rng = np.random.default_rng(0)
X = rng.uniform(-3, 3, size=(4000, 1)).astype("float32")
y = (np.sin(X) + rng.normal(scale=0.1 + 0.1 * np.abs(X), size=X.shape)).astype("float32")
X_grid = np.linspace(-4, 4, 200, dtype="float32").reshape(-1, 1)

optimizer = keras.optimizers.Adam(learning_rate=5e-3)

member_preds = []
for member in range(N_MEMBERS):
    keras.backend.clear_session()
    model = keras.Sequential([
        keras.Input(shape=(1,)),
        layers.Dense(64, activation="relu"),
        layers.Dense(64, activation="relu"),
        layers.Dense(1),
    ])
    model.compile(optimizer=optimizer, loss="mse")  # expect: KL602
    model.fit(X, y, epochs=40, batch_size=64, verbose=0)
    member_preds.append(model.predict(X_grid, verbose=0))

preds = np.stack(member_preds)
mean, std = preds.mean(axis=0), preds.std(axis=0)
print("max epistemic std on grid:", float(std.max()))
