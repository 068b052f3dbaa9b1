# Notebook cell re-run while iterating on the architecture; the graph reset at the top was
# carried over from TF1 notebooks "so that re-running the cell starts clean".
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.compat.v1.reset_default_graph()  # expect: KL504
tf.random.set_seed(1)

(x_train, y_train), (x_test, y_test) = keras.datasets.reuters.load_data(num_words=10000)


def multi_hot(sequences, dimension=10000):
    results = np.zeros((len(sequences), dimension), dtype="float32")
    for i, sequence in enumerate(sequences):
        results[i, sequence] = 1.0
    return results


x_train = multi_hot(x_train)
x_test = multi_hot(x_test)

model = keras.Sequential([
    keras.Input(shape=(10000,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(46, activation="softmax"),
])
model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(x_train, y_train, epochs=9, batch_size=512, validation_split=0.2)
print(model.evaluate(x_test, y_test))
