# First Keras model: iris classifier. (Beginner question: "fit() raises about compile()")
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Input

tf.random.set_seed(42)

iris = load_iris()
X = iris.data.astype("float32")
y = iris.target

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42, stratify=y)
scaler = StandardScaler().fit(X_train)
X_train = scaler.transform(X_train)
X_test = scaler.transform(X_test)

model = Sequential([
    Input(shape=(4,)),
    Dense(16, activation="relu"),
    Dense(16, activation="relu"),
    Dense(3, activation="softmax"),
])
model.summary()

history = model.fit(X_train, y_train, epochs=100, batch_size=8, validation_data=(X_test, y_test))  # expect: KL506
loss, acc = model.evaluate(X_test, y_test)  # expect: KL506
print(f"test accuracy: {acc:.3f}")
