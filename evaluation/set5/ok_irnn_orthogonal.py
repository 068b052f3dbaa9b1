# IRNN on pixel-by-pixel MNIST (Le, Jaitly & Hinton 2015; old keras/examples/mnist_irnn.py)
# plus an LSTM baseline: recurrent kernels use Identity / Orthogonal initialisers,
# the input kernel is a small-stddev normal. These are the intended initialisations.
from tensorflow import keras
from tensorflow.keras import layers, initializers

batch_size = 32
num_classes = 10
hidden_units = 100
learning_rate = 1e-6

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(x_train.shape[0], -1, 1).astype("float32") / 255
x_test = x_test.reshape(x_test.shape[0], -1, 1).astype("float32") / 255
y_train = keras.utils.to_categorical(y_train, num_classes)
y_test = keras.utils.to_categorical(y_test, num_classes)

irnn = keras.Sequential([
    keras.Input(shape=x_train.shape[1:]),
    layers.SimpleRNN(hidden_units,
                     kernel_initializer=initializers.RandomNormal(stddev=0.001),
                     recurrent_initializer=initializers.Identity(gain=1.0),
                     activation="relu"),
    layers.Dense(num_classes, activation="softmax"),
])
irnn.compile(loss="categorical_crossentropy",
             optimizer=keras.optimizers.RMSprop(learning_rate=learning_rate),
             metrics=["accuracy"])
irnn.fit(x_train, y_train, batch_size=batch_size, epochs=2, validation_data=(x_test, y_test))

lstm = keras.Sequential([
    keras.Input(shape=x_train.shape[1:]),
    layers.LSTM(hidden_units,
                kernel_initializer="glorot_uniform",
                recurrent_initializer=initializers.Orthogonal(gain=1.0),
                unit_forget_bias=True),
    layers.Dense(num_classes, activation="softmax"),
])
lstm.compile(loss="categorical_crossentropy",
             optimizer=keras.optimizers.RMSprop(learning_rate=learning_rate),
             metrics=["accuracy"])
lstm.fit(x_train, y_train, batch_size=batch_size, epochs=2, validation_data=(x_test, y_test))
print("IRNN:", irnn.evaluate(x_test, y_test, verbose=0))
print("LSTM:", lstm.evaluate(x_test, y_test, verbose=0))
