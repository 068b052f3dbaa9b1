# Regression head initialised with a wide normal on the (linear) output layer only.
import numpy as np
import pandas as pd
import tensorflow as tf
from tensorflow.keras import layers

df = pd.read_csv("california_housing.csv")
y = df.pop("median_house_value").values.astype("float32") / 1e5
X = df.select_dtypes("number").fillna(0).values.astype("float32")

norm = layers.Normalization()
norm.adapt(X)

model = tf.keras.Sequential([
    tf.keras.Input(shape=(X.shape[1],)),
    norm,
    layers.Dense(64, activation="relu", kernel_initializer="he_uniform"),
    layers.Dense(64, activation="relu", kernel_initializer="he_uniform"),
    layers.Dense(1, kernel_initializer=tf.keras.initializers.RandomNormal(stddev=1.0)),
])
model.compile(optimizer=tf.keras.optimizers.Adam(1e-3), loss="mse", metrics=["mae"])
model.fit(X, y, epochs=60, batch_size=64, validation_split=0.2,
          callbacks=[tf.keras.callbacks.EarlyStopping(monitor="val_loss", patience=5)])
print(np.mean(np.abs(model.predict(X[:100]).ravel() - y[:100])))
