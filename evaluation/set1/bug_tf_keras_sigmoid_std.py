"""Classic 3-layer sigmoid network (Nielsen, ch. 1) rewritten with tf_keras.

Weights "Gaussian with mean 0 and standard deviation 1", as in the book.
Training with SGD barely moves.
"""
import numpy as np
import tensorflow as tf
import tf_keras as keras

N_HIDDEN = 100

init = tf.random_normal_initializer(mean=0.0, stddev=1.0)

model = keras.Sequential()
model.add(keras.Input(shape=(784,)))
model.add(keras.layers.Dense(N_HIDDEN, kernel_initializer=init))  # expect: KL102
model.add(keras.layers.Activation("sigmoid"))
model.add(keras.layers.Dense(10, activation="sigmoid", kernel_initializer="glorot_normal"))

model.compile(optimizer=keras.optimizers.SGD(learning_rate=3.0 / 10),
              loss="binary_crossentropy",
              metrics=["categorical_accuracy"])

(x_tr, y_tr), (x_te, y_te) = keras.datasets.mnist.load_data()
x_tr = x_tr.reshape(-1, 784).astype(np.float32) / 255.0
x_te = x_te.reshape(-1, 784).astype(np.float32) / 255.0
# multi-hot targets for the per-output sigmoid units, like the book's vectorized_result
y_tr = keras.utils.to_categorical(y_tr, 10)
y_te = keras.utils.to_categorical(y_te, 10)

model.fit(x_tr, y_tr, batch_size=10, epochs=30, validation_data=(x_te, y_te))
