# Credit-default classifier. Eager execution is switched off at the top because a forum answer
# said shap.DeepExplainer needs it; the Keras 3 training below is otherwise standard.
import numpy as np
import tensorflow as tf
import keras
from keras import layers

tf.compat.v1.disable_eager_execution()  # expect: KL504

keras.utils.set_random_seed(77)

rng = np.random.default_rng(77)
n, d = 8000, 23
X = rng.normal(size=(n, d)).astype("float32")
risk = 0.9 * X[:, 0] - 0.6 * X[:, 5] + 0.4 * X[:, 11] ** 2
y = (risk + rng.normal(scale=0.8, size=n) > 0.8).astype("float32")

X_train, X_test = X[:6500], X[6500:]
y_train, y_test = y[:6500], y[6500:]

model = keras.Sequential([
    keras.Input(shape=(d,)),
    layers.Dense(64, activation="relu"),
    layers.Dropout(0.2),
    layers.Dense(32, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=5e-4),
              loss="binary_crossentropy",
              metrics=["accuracy", keras.metrics.AUC(name="auc")])
model.fit(X_train, y_train, epochs=15, batch_size=128, validation_data=(X_test, y_test))

background = X_train[np.random.choice(len(X_train), 100, replace=False)]
print("background set for the explainer:", background.shape)
