# Fraud detection on imbalanced tabular data. The AUC metric got a custom name for the dashboard,
# the checkpoint still monitors the default one.
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(101)

rng = np.random.default_rng(101)
n, d = 30000, 29
X = rng.normal(size=(n, d)).astype("float32")
score = X[:, 0] * 1.5 + X[:, 3] - X[:, 10]
y = (score + rng.normal(scale=0.5, size=n) > 3.2).astype("float32")
print("positive rate:", y.mean())

perm = rng.permutation(n)
tr, va = perm[:24000], perm[24000:]

neg, pos = np.bincount(y[tr].astype(int))
class_weight = {0: (1 / neg) * (len(tr) / 2.0), 1: (1 / pos) * (len(tr) / 2.0)}

model = keras.Sequential([
    keras.Input(shape=(d,)),
    layers.Dense(32, activation="relu"),
    layers.Dropout(0.3),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    loss="binary_crossentropy",
    metrics=[keras.metrics.AUC(name="roc_auc"), keras.metrics.AUC(name="prc", curve="PR")],
)
checkpoint = keras.callbacks.ModelCheckpoint("fraud.keras", monitor="val_auc", mode="max", save_best_only=True)  # expect: KL505
model.fit(X[tr], y[tr], validation_data=(X[va], y[va]), epochs=30, batch_size=2048,
          class_weight=class_weight, callbacks=[checkpoint])
