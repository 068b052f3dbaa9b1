# Age estimation from tabular health measurements; project kept on tf_keras (Keras 2).
import numpy as np
import tensorflow as tf
import tf_keras as keras
from tf_keras.layers import Dense, Dropout

tf.random.set_seed(14)

rng = np.random.default_rng(14)
n = 12000
X = rng.normal(size=(n, 18)).astype("float32")
age = (45 + 9 * X[:, 0] - 4 * X[:, 4] + 3 * X[:, 9] * X[:, 2] + rng.normal(scale=3, size=n)).astype("float32")

model = keras.models.Sequential()
model.add(Dense(128, activation="relu", input_shape=(18,)))
model.add(Dropout(0.1))
model.add(Dense(64, activation="relu"))
model.add(Dense(1))

model.compile(loss="mean_absolute_error", optimizer=keras.optimizers.Adam(learning_rate=1e-3), metrics=["accuracy"])  # expect: KL207
model.fit(X, age, epochs=40, batch_size=64, validation_split=0.15)
print(model.predict(X[:5]).ravel(), age[:5])
