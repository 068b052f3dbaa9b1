# Stock-return direction classifier (tf_keras). "Accuracy jumps around 0.5 and the loss explodes."
import numpy as np
import tensorflow as tf
import tf_keras as keras
from tf_keras import layers

tf.random.set_seed(17)

rng = np.random.default_rng(17)
returns = rng.normal(scale=0.01, size=5000).astype("float32")
window = 30
X = np.stack([returns[i:i + window] for i in range(len(returns) - window)])[..., None] * 100.0
y = (returns[window:] > 0).astype("float32")

model = keras.Sequential([
    layers.GRU(64, input_shape=(window, 1)),
    layers.Dense(32, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=0.25),  # expect: KL601
              loss="binary_crossentropy",
              metrics=["accuracy"])
model.fit(X[:4000], y[:4000], validation_data=(X[4000:], y[4000:]), epochs=30, batch_size=64)
