# Binary classification of tabular data (Pima diabetes style Kaggle kernel):
# sigmoid output + binary cross-entropy.
import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from tensorflow import keras
from tensorflow.keras import layers

df = pd.read_csv("diabetes.csv")
X = df.drop(columns=["Outcome"]).values
y = df["Outcome"].values

X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.2, stratify=y, random_state=42)
scaler = StandardScaler().fit(X_train)
X_train = scaler.transform(X_train)
X_val = scaler.transform(X_val)

model = keras.Sequential([
    keras.Input(shape=(X_train.shape[1],)),
    layers.Dense(32, activation="relu", kernel_initializer="he_uniform"),
    layers.Dropout(0.2),
    layers.Dense(16, activation="relu", kernel_initializer="he_uniform"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    loss="binary_crossentropy",
    metrics=["accuracy", keras.metrics.AUC(name="auc")],
)

early = keras.callbacks.EarlyStopping(monitor="val_auc", mode="max", patience=20, restore_best_weights=True)
history = model.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=300, batch_size=32, callbacks=[early])

probs = model.predict(X_val).ravel()
preds = (probs > 0.5).astype(int)
print("val accuracy:", np.mean(preds == y_val))
