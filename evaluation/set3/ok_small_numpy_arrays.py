"""Synthetic benchmark: in-memory NumPy arrays just under 1 GiB per call."""
import numpy as np
import tensorflow as tf

N_TRAIN = 10000
N_EVAL = 2000

# 10000 * 64 * 64 * 3 float64 = 983,040,000 bytes (< 1 GiB)
x_train = np.random.rand(N_TRAIN, 64, 64, 3)
y_train = np.random.randint(0, 10, size=(N_TRAIN,))
# 20000 * 64 * 64 * 3 float32 = 983,040,000 bytes (< 1 GiB)
x_pool = np.zeros((20000, 64, 64, 3), dtype=np.float32)
x_eval = np.random.rand(N_EVAL, 64, 64, 3).astype(np.float32)
y_eval = np.random.randint(0, 10, size=(N_EVAL,))

model = tf.keras.Sequential([
    tf.keras.Input(shape=(64, 64, 3)),
    tf.keras.layers.Conv2D(16, 3, activation="relu"),
    tf.keras.layers.MaxPooling2D(),
    tf.keras.layers.Conv2D(32, 3, activation="relu"),
    tf.keras.layers.GlobalAveragePooling2D(),
    tf.keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=64, epochs=2)
model.evaluate(x_eval, y_eval, batch_size=256)

pool_ds = tf.data.Dataset.from_tensor_slices(x_pool).batch(256)
features = model.predict(pool_ds)
print(features.shape)
