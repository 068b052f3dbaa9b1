"""Throughput benchmark: wide MLP on synthetic click features."""
import time
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(0)

N_SAMPLES = 3_000_000
N_FEATURES = 128


def make_model(width=512, depth=4):
    model = keras.Sequential([keras.Input(shape=(N_FEATURES,))])
    for _ in range(depth):
        model.add(layers.Dense(width, activation="relu"))
        model.add(layers.BatchNormalization())
    model.add(layers.Dense(1, activation="sigmoid"))
    return model


x = np.random.rand(N_SAMPLES, N_FEATURES)
y = (x[:, :4].sum(axis=1) > 2.0).astype("float32")

model = make_model()
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy",
              metrics=["accuracy"])

start = time.perf_counter()
history = model.fit(x, y, batch_size=4096, epochs=3, verbose=2)  # expect: KL301
elapsed = time.perf_counter() - start
print(f"{N_SAMPLES * 3 / elapsed:,.0f} samples/s")
print("final loss", history.history["loss"][-1])
