# Beginner MLP that "initialises weights randomly between 0 and 1" as in
# from-scratch NumPy tutorials: every hidden kernel weight is positive.
import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from tensorflow import keras
from tensorflow.keras import layers

df = pd.read_csv("heart.csv")
X = df.drop(columns=["target"]).values.astype("float32")
y = df["target"].values.astype("float32")
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
scaler = StandardScaler().fit(X_train)
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)

model = keras.Sequential([
    keras.Input(shape=(X_train.shape[1],)),
    layers.Dense(64, activation="relu",
                 kernel_initializer=keras.initializers.RandomUniform(minval=0.0, maxval=1.0)),  # expect: KL101
    layers.Dense(32, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
              loss="binary_crossentropy", metrics=["accuracy"])
model.fit(X_train, y_train, epochs=100, batch_size=16, validation_data=(X_test, y_test))
print(model.evaluate(X_test, y_test, verbose=0))
