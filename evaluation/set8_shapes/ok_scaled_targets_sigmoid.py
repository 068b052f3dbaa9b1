"""Bounded outputs on targets that really are bounded.

- house prices min-max scaled to [0, 1] before a sigmoid output (and scaled back);
- ratings 1..5 normalised to [0, 1] as in the Keras collaborative filtering example;
- target from np.random.rand (already in [0, 1)).
"""
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(50)

n = 2000
X = np.random.rand(n, 6).astype("float32")
prices = 50 + 950 * X[:, 0] + 20 * np.random.rand(n)
p_min, p_max = prices.min(), prices.max()
prices_scaled = (prices - p_min) / (p_max - p_min)

price_model = keras.Sequential([
    keras.Input(shape=(6,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
price_model.compile(optimizer="adam", loss="mse", metrics=["mae"])
price_model.fit(X, prices_scaled, epochs=20, batch_size=32, verbose=0)
pred_prices = price_model.predict(X[:5], verbose=0).ravel() * (p_max - p_min) + p_min
print(pred_prices)

# ratings
ratings = np.random.randint(1, 6, size=n).astype("float32")
min_rating, max_rating = ratings.min(), ratings.max()
ratings_norm = (ratings - min_rating) / (max_rating - min_rating)
rating_model = keras.Sequential([
    keras.Input(shape=(6,)),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
rating_model.compile(optimizer="adam", loss="mse")
rating_model.fit(X, ratings_norm, epochs=10, batch_size=32, verbose=0)

# fraction target
frac = np.random.rand(n).astype("float32")
frac_model = keras.Sequential([
    keras.Input(shape=(6,)),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
frac_model.compile(optimizer="adam", loss="mae")
frac_model.fit(X, frac, epochs=10, batch_size=32, verbose=0)
