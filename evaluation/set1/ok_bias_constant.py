"""'Deep MNIST for experts' (TF1) ported to tf.keras.

weight_variable: truncated normal, stddev 0.1; bias_variable: constant 0.1.
The readout layer is linear and the loss is softmax cross-entropy with logits.
"""
import tensorflow as tf
from tensorflow.keras import initializers, layers

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 28, 28, 1).astype("float32") / 255.0
x_test = x_test.reshape(-1, 28, 28, 1).astype("float32") / 255.0
y_train = tf.keras.utils.to_categorical(y_train, 10)
y_test = tf.keras.utils.to_categorical(y_test, 10)


def weight_init():
    return initializers.TruncatedNormal(stddev=0.1)


def bias_init():
    return initializers.Constant(0.1)


model = tf.keras.Sequential([
    layers.Input(shape=(28, 28, 1)),
    layers.Conv2D(32, 5, padding="same", activation="relu",
                  kernel_initializer=weight_init(), bias_initializer=bias_init()),
    layers.MaxPooling2D(2),
    layers.Conv2D(64, 5, padding="same", activation="relu",
                  kernel_initializer=weight_init(), bias_initializer=bias_init()),
    layers.MaxPooling2D(2),
    layers.Flatten(),
    layers.Dense(1024, activation="relu",
                 kernel_initializer=initializers.TruncatedNormal(stddev=0.01), bias_initializer=bias_init()),
    layers.Dropout(0.5),
    layers.Dense(10, kernel_initializer=initializers.TruncatedNormal(stddev=0.01), bias_initializer=bias_init()),
])

model.compile(optimizer=tf.keras.optimizers.Adam(1e-4),
              loss=tf.keras.losses.CategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=50, epochs=10, validation_data=(x_test, y_test))
