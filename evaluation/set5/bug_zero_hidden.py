# Regression MLP where someone set every kernel "to zeros for reproducibility":
# the hidden ReLU layer starts with all units identical (and at the ReLU kink).
import numpy as np
from sklearn.datasets import fetch_california_housing
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from tensorflow import keras
from tensorflow.keras import layers

housing = fetch_california_housing()
X_train, X_test, y_train, y_test = train_test_split(housing.data, housing.target, random_state=42)
scaler = StandardScaler()
X_train = scaler.fit_transform(X_train)
X_test = scaler.transform(X_test)

model = keras.Sequential([
    keras.Input(shape=X_train.shape[1:]),
    layers.Dense(30, activation="relu", kernel_initializer="zeros"),  # expect: KL103
    layers.Dense(1),
])
model.compile(loss="mse", optimizer=keras.optimizers.SGD(learning_rate=1e-3))
history = model.fit(X_train, y_train, epochs=20, validation_split=0.1)
mse_test = model.evaluate(X_test, y_test)
print("test mse:", mse_test)
print(model.predict(X_test[:3]).ravel(), y_test[:3])
