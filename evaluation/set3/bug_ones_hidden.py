import tensorflow as tf
from tensorflow.keras import layers as kl

# quick regression baseline for the energy-efficiency data
import pandas as pd

df = pd.read_csv("ENB2012_data.csv")
features = df[["X1", "X2", "X3", "X4", "X5", "X6", "X7", "X8"]].values.astype("float32")
target = df["Y1"].values.astype("float32")
mean, std = features.mean(0), features.std(0)
features = (features - mean) / std

inputs = tf.keras.Input(shape=(8,))
x = kl.Dense(32, activation="relu", kernel_initializer="ones")(inputs)  # expect: KL101, KL103
x = kl.Dense(32, activation="relu")(x)
outputs = kl.Dense(1)(x)
model = tf.keras.Model(inputs, outputs)

model.compile(optimizer=tf.keras.optimizers.Adam(1e-3), loss="mse", metrics=["mae"])
model.fit(features, target, epochs=200, batch_size=32, validation_split=0.2, verbose=0)
print(model.evaluate(features, target, verbose=0))
