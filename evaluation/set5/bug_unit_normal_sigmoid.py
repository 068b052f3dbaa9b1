# MNIST MLP with sigmoid hidden units whose weights are drawn from a unit normal
# (N(0, 1)) regardless of fan-in (784): pre-activations have stddev ~ 28 and the
# sigmoids saturate from the first step.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
x_test = x_test.reshape(-1, 784).astype("float32") / 255.0

model = keras.Sequential([
    keras.Input(shape=(784,)),
    layers.Dense(100, activation="sigmoid",
                 kernel_initializer=keras.initializers.RandomNormal(mean=0.0, stddev=1.0)),  # expect: KL102
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.5),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=30, batch_size=10, validation_data=(x_test, y_test))
pred = np.argmax(model.predict(x_test), axis=1)
print("test accuracy:", np.mean(pred == y_test))
