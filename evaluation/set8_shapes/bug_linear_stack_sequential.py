# Predicting customer churn. A 4-layer net does no better than logistic regression.
import numpy as np
import pandas as pd
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(20)

df = pd.DataFrame(np.random.rand(7000, 19), columns=[f"f{i}" for i in range(19)])
df["churn"] = ((df["f0"] * df["f4"] + np.sin(3 * df["f7"])) > 0.8).astype(int)

X = df.drop(columns=["churn"]).values.astype("float32")
y = df["churn"].values

model = keras.Sequential([
    layers.Input(shape=(19,)),
    layers.Dense(128, activation="relu"),
    layers.Dense(64),  # expect: KL807
    layers.Dense(32, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy",
              metrics=["accuracy", keras.metrics.AUC()])
model.fit(X, y, epochs=30, batch_size=64, validation_split=0.2)
