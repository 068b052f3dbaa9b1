"""Logistic regression with a separately learned class-prior offset, subclassed Model."""
import numpy as np
import keras
from keras import layers, ops

keras.utils.set_random_seed(44)

X = np.random.randn(5000, 10).astype("float32")
w_true = np.random.randn(10).astype("float32")
y = (X @ w_true + 1.5 + 0.3 * np.random.randn(5000) > 0).astype("float32")


class OffsetLogReg(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.linear = layers.Dense(1, use_bias=False)

    def call(self, x):
        offset = self.add_weight(shape=(1,), initializer="zeros", name="prior_offset")  # expect: KL802
        return ops.sigmoid(self.linear(x) + offset)


model = OffsetLogReg()
model.compile(optimizer=keras.optimizers.SGD(0.1), loss="binary_crossentropy",
              metrics=["accuracy"])
model.fit(X, y, epochs=20, batch_size=128)
print("learned offset:", [w.numpy() for w in model.weights if "prior_offset" in w.path])
