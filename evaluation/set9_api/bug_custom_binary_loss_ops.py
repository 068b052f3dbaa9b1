# Class-weighted binary cross-entropy written by hand for an imbalanced Keras 3 model
# (SO: "custom loss returns nan after a few epochs").
import numpy as np
import keras
from keras import layers, ops

keras.utils.set_random_seed(19)

POS_WEIGHT = 8.0


def weighted_binary_crossentropy(y_true, y_pred):
    y_true = ops.cast(y_true, y_pred.dtype)
    loss = -(POS_WEIGHT * y_true * ops.log(y_pred) + (1.0 - y_true) * ops.log(1.0 - y_pred))  # expect: KL208
    return ops.mean(loss, axis=-1)


rng = np.random.default_rng(19)
X = rng.normal(size=(20000, 20)).astype("float32")
y = (X[:, 0] + 0.5 * X[:, 1] > 1.6).astype("float32").reshape(-1, 1)
print("positives:", y.mean())

model = keras.Sequential([
    keras.Input(shape=(20,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(32, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=keras.optimizers.Adam(1e-3),
              loss=weighted_binary_crossentropy,
              metrics=[keras.metrics.AUC(name="auc"), keras.metrics.Recall(name="recall")])
model.fit(X, y, epochs=30, batch_size=256, validation_split=0.2)
