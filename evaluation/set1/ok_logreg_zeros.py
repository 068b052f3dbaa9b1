# Logistic regression in Keras, initialised at zero exactly like sklearn's solver
# would start.  A single output unit has no symmetry to break.
import numpy as np
import pandas as pd
from tensorflow import keras

df = pd.read_csv("heart.csv")
y = df.pop("target").values.astype("float32")
X = df.values.astype("float32")
X = (X - X.mean(axis=0)) / X.std(axis=0)

logreg = keras.Sequential([
    keras.layers.Input(shape=(X.shape[1],)),
    keras.layers.Dense(1, activation="sigmoid",
                       kernel_initializer="zeros",
                       bias_initializer="zeros",
                       kernel_regularizer=keras.regularizers.l2(1e-3)),
])
logreg.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1),
               loss="binary_crossentropy",
               metrics=["accuracy", keras.metrics.AUC()])
logreg.fit(X, y, epochs=100, batch_size=32, validation_split=0.2, verbose=0)

w, b = logreg.layers[-1].get_weights()
for name, coef in sorted(zip(df.columns, w[:, 0]), key=lambda t: -abs(t[1])):
    print(f"{name:>12s} {coef:+.3f}")
print("bias", b)
