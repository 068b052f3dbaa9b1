# Project deliberately on tf_keras (Keras 2) under TF 2.16: legacy optimizer with time-based
# decay, exported both as a SavedModel directory and as HDF5 for an older serving stack.
import numpy as np
import tensorflow as tf
import tf_keras as keras
from tf_keras import layers

tf.random.set_seed(8)

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0

model = keras.Sequential([
    layers.Flatten(input_shape=(28, 28)),
    layers.Dense(256, activation="relu"),
    layers.Dropout(0.2),
    layers.Dense(10, activation="softmax"),
])

# tf_keras keeps the Keras 2 optimizers under optimizers.legacy; they still implement decay=
optimizer = keras.optimizers.legacy.RMSprop(learning_rate=1e-3, decay=1e-6)
model.compile(optimizer=optimizer,
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, batch_size=128, validation_split=0.1)
print(model.evaluate(x_test, y_test, verbose=0))

model.save("export/mnist_savedmodel", save_format="tf")
model.save("export/mnist.h5", save_format="h5")
restored = keras.models.load_model("export/mnist.h5")
print(np.argmax(restored.predict(x_test[:8]), axis=-1), y_test[:8])
