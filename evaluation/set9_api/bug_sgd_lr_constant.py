# Polynomial-feature regression with plain SGD, hyperparameters at the top of the script.
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(13)

LEARNING_RATE = 10.0
EPOCHS = 200
BATCH_SIZE = 16

rng = np.random.default_rng(13)
x = rng.uniform(-1, 1, size=(1000, 1)).astype("float32")
features = np.hstack([x, x ** 2, x ** 3]).astype("float32")
target = (0.5 * x - 1.2 * x ** 2 + 2.0 * x ** 3 + rng.normal(scale=0.05, size=x.shape)).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(3,)),
    layers.Dense(16, activation="tanh"),
    layers.Dense(1),
])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=LEARNING_RATE),  # expect: KL601
              loss="mse")
history = model.fit(features, target, epochs=EPOCHS, batch_size=BATCH_SIZE, validation_split=0.2)
print("final val loss:", history.history["val_loss"][-1])
