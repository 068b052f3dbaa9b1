# House price regression: predictions are all ~1.0 and the loss is stuck around 300000.
import numpy as np
import tensorflow as tf

tf.random.set_seed(42)
np.random.seed(42)

n = 2000
prices = 50 + 950 * np.random.rand(n)          # price in thousands of dollars
rooms = np.clip(np.round(prices / 150 + np.random.randn(n)), 1, 8)
area = prices * 1.8 + 40 * np.random.randn(n)
age = np.random.randint(0, 80, size=n)
X = np.stack([rooms, area, age], axis=1).astype("float32")
X = (X - X.mean(axis=0)) / X.std(axis=0)

model = tf.keras.Sequential([
    tf.keras.layers.Dense(64, activation="relu", input_shape=(3,)),
    tf.keras.layers.Dense(32, activation="relu"),
    tf.keras.layers.Dense(1, activation="sigmoid"),  # expect: KL210
])
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
model.fit(X, prices, epochs=50, batch_size=32, validation_split=0.2, verbose=2)
print(model.predict(X[:5]).ravel(), prices[:5])
