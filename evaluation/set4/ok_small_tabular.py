# Simple regression on synthetic numpy data; also a small tf.data pipeline
import numpy as np
from tensorflow import keras
import tensorflow as tf

rng = np.random.default_rng(0)
X = np.random.rand(5000, 20)
w = rng.normal(size=(20, 1))
y = X @ w + 0.1 * np.random.randn(5000, 1)

X_val = np.random.rand(500, 20)
y_val = X_val @ w

model = keras.Sequential([
    keras.layers.Dense(64, activation='relu', input_shape=(20,)),
    keras.layers.Dense(64, activation='relu'),
    keras.layers.Dense(1),
])
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss='mse', metrics=['mae'])
model.fit(X, y, epochs=20, batch_size=32, validation_data=(X_val, y_val))

ds = tf.data.Dataset.from_tensor_slices((X.astype('float32'), y.astype('float32')))
ds = ds.shuffle(5000).batch(64).prefetch(tf.data.AUTOTUNE)
model.fit(ds, epochs=5)
print(model.predict(np.zeros((3, 20))))
