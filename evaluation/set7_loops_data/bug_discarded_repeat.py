# WARNING: Your input ran out of data; interrupting training. Make sure that your dataset
# or generator can generate at least `steps_per_epoch * epochs` batches.
# I call repeat() on the dataset, so why does it run out after the first epoch?
import numpy as np
import tensorflow as tf

tf.random.set_seed(10)

rng = np.random.default_rng(10)
n = 8000
X = rng.normal(size=(n, 8)).astype("float32")
y = (X[:, 0] * X[:, 1] + X[:, 2] > 0).astype("float32")

BATCH_SIZE = 50
dataset = tf.data.Dataset.from_tensor_slices((X, y))
dataset = dataset.shuffle(n).batch(BATCH_SIZE)
dataset.repeat()  # expect: KL308
dataset = dataset.prefetch(tf.data.AUTOTUNE)

model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(8,)),
    tf.keras.layers.Dense(32, activation="relu"),
    tf.keras.layers.Dense(32, activation="relu"),
    tf.keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(dataset, epochs=20, steps_per_epoch=n // BATCH_SIZE)
