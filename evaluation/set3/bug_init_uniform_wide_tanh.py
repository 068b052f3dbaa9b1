# Course: Deep Learning Fundamentals, Lab 5 - effect of initialization on tanh networks
import numpy as np
import tensorflow as tf
from tensorflow import keras

np.random.seed(1)
tf.random.set_seed(1)

# two-moons style toy data
N = 4000
t = np.random.rand(N) * np.pi
X = np.concatenate([np.stack([np.cos(t), np.sin(t)], 1),
                    np.stack([1 - np.cos(t), 0.5 - np.sin(t)], 1)]) + 0.1 * np.random.randn(2 * N, 2)
y = np.concatenate([np.zeros(N), np.ones(N)])
perm = np.random.permutation(2 * N)
X, y = X[perm], y[perm]

wide_init = keras.initializers.RandomUniform(minval=-10.0, maxval=10.0)

model = keras.Sequential()
model.add(keras.layers.Dense(50, activation='tanh', input_shape=(2,),
                             kernel_initializer=wide_init))  # expect: KL102
model.add(keras.layers.Dense(50, activation='tanh'))
model.add(keras.layers.Dense(1, activation='sigmoid'))
model.compile(optimizer='sgd', loss='binary_crossentropy', metrics=['accuracy'])
model.fit(X, y, epochs=30, batch_size=64, validation_split=0.2)
