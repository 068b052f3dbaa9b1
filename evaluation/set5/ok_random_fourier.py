# Random Fourier features (Rahimi & Recht 2007) as a fixed, non-trainable projection:
# W ~ N(0, 1/lengthscale^2) with lengthscale 1 and b ~ U(0, 2*pi), followed by cos.
# The projection layer itself has no activation; stddev=1 is the kernel bandwidth,
# and the off-center uniform is a bias initialiser, not a kernel one.
import math
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

D_IN, D_RFF = 16, 2048
LENGTHSCALE = 1.0

inputs = keras.Input(shape=(D_IN,))
proj = layers.Dense(
    D_RFF,
    kernel_initializer=keras.initializers.RandomNormal(mean=0.0, stddev=1.0 / LENGTHSCALE),
    bias_initializer=keras.initializers.RandomUniform(minval=0.0, maxval=2 * math.pi),
    trainable=False,
    name="rff_projection",
)(inputs)
features = layers.Lambda(lambda z: math.sqrt(2.0 / D_RFF) * tf.cos(z), name="rff_cos")(proj)
outputs = layers.Dense(1, name="ridge")(features)
model = keras.Model(inputs, outputs)

rng = np.random.default_rng(1)
x = rng.normal(size=(20000, D_IN)).astype("float32")
y = (np.sin(x[:, :1] * 3.0) + 0.1 * rng.normal(size=(20000, 1))).astype("float32")

model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="mse", metrics=["mae"])
model.fit(x, y, batch_size=256, epochs=20, validation_split=0.2)

kernel_approx = keras.Model(inputs, features)
phi = kernel_approx.predict(x[:5])
print("approx k(x0, x1):", float(phi[0] @ phi[1]),
      "exact:", float(np.exp(-np.sum((x[0] - x[1]) ** 2) / (2 * LENGTHSCALE ** 2))))
