"""Quick experiments on synthetic data: everything fits comfortably in RAM.

x_img is 80000 x 32 x 32 x 3 float32 = 983 MB, just under 1 GiB; the other
arrays are tiny.
"""
import numpy as np
import tensorflow as tf

# 1) tabular toy problem
x_tab = np.random.rand(1000, 20)
y_tab = (x_tab[:, 0] > 0.5).astype("float32")
tab = tf.keras.Sequential([
    tf.keras.Input(shape=(20,)),
    tf.keras.layers.Dense(32, activation="relu"),
    tf.keras.layers.Dense(1, activation="sigmoid"),
])
tab.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
tab.fit(x_tab, y_tab, epochs=5, batch_size=32)

# 2) image-shaped throughput test, float32 on purpose to stay under 1 GiB
x_img = np.zeros((80000, 32, 32, 3), dtype=np.float32)
y_img = np.zeros((80000,), dtype=np.int64)
cnn = tf.keras.Sequential([
    tf.keras.Input(shape=(32, 32, 3)),
    tf.keras.layers.Conv2D(16, 3, activation="relu"),
    tf.keras.layers.GlobalAveragePooling2D(),
    tf.keras.layers.Dense(10, activation="softmax"),
])
cnn.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
cnn.fit(x_img, y_img, epochs=1, batch_size=512)

# 3) small tf.data pipeline from in-memory arrays
x_seq = np.random.randn(5000, 50, 8).astype("float32")
y_seq = np.random.randn(5000, 1).astype("float32")
ds = tf.data.Dataset.from_tensor_slices((x_seq, y_seq)).shuffle(5000).batch(64).prefetch(1)
rnn = tf.keras.Sequential([
    tf.keras.Input(shape=(50, 8)),
    tf.keras.layers.LSTM(32),
    tf.keras.layers.Dense(1),
])
rnn.compile(optimizer="adam", loss="mse")
rnn.fit(ds, epochs=3)
print(rnn.evaluate(x_seq[:500], y_seq[:500]))
