"""Lab 2: logistic and softmax regression in Keras (weights start at zero, as in the lecture)."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.preprocessing import StandardScaler

# Part A: logistic regression
bc = load_breast_cancer()
Xa = StandardScaler().fit_transform(bc.data).astype(np.float32)
ya = bc.target.astype(np.float32)
logreg = keras.Sequential([
    keras.Input(shape=(Xa.shape[1],)),
    keras.layers.Dense(1, activation="sigmoid", kernel_initializer="zeros"),
])
logreg.compile(optimizer=keras.optimizers.SGD(0.1), loss="binary_crossentropy", metrics=["accuracy"])
logreg.fit(Xa, ya, epochs=50, batch_size=32, verbose=0)

# Part B: softmax regression on 8x8 digits
dg = load_digits()
Xb = (dg.data / 16.0).astype(np.float32)
yb = dg.target
softreg = keras.Sequential([
    keras.Input(shape=(64,)),
    keras.layers.Dense(10, activation="softmax", kernel_initializer=keras.initializers.Zeros()),
])
softreg.compile(optimizer=keras.optimizers.SGD(0.5), loss="sparse_categorical_crossentropy",
                metrics=["accuracy"])
softreg.fit(Xb, yb, epochs=50, batch_size=32, verbose=0)

print("logreg:", logreg.evaluate(Xa, ya, verbose=0))
print("softreg:", softreg.evaluate(Xb, yb, verbose=0))
