# Bank marketing MLP: validation accuracy is stuck at the majority-class rate whatever I try.
# Tried more epochs, a bigger network and a smaller learning rate. What am I missing?
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(7)

n_samples, n_features = 4000, 16
X = np.random.rand(n_samples, n_features).astype("float32")
y = (X[:, 0] + 0.5 * X[:, 3] - X[:, 7] > 0.4).astype("float32")

split = int(0.8 * n_samples)
X_train, X_val = X[:split], X[split:]
y_train, y_val = y[:split], y[split:]

model = keras.Sequential([
    keras.Input(shape=(n_features,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(32, activation="softmax"),  # expect: KL206
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
              loss="binary_crossentropy",
              metrics=["accuracy"])
model.summary()

history = model.fit(X_train, y_train,
                    validation_data=(X_val, y_val),
                    epochs=20, batch_size=64)
print("val acc:", history.history["val_accuracy"][-1])
