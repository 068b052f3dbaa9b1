# MLP hyper-parameter sweep: activations passed as variables, callables and strings.
import numpy as np
import tensorflow as tf
from tensorflow import keras

keras.utils.set_random_seed(64)

X = np.random.rand(3000, 12).astype("float32")
y = np.random.randint(0, 3, size=(3000,))


def build(act, width=64):
    model = keras.Sequential()
    model.add(keras.Input(shape=(12,)))
    model.add(keras.layers.Dense(width, activation=act))
    model.add(keras.layers.Dense(width // 2, activation=tf.nn.gelu))
    model.add(keras.layers.Dense(width // 4, activation=keras.activations.selu,
                                 kernel_initializer="lecun_normal"))
    model.add(keras.layers.Dense(3, activation="softmax"))
    return model


results = {}
for act in ["relu", "tanh", "swish"]:
    keras.backend.clear_session()
    model = build(act)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    hist = model.fit(X, y, epochs=5, batch_size=64, validation_split=0.2, verbose=0)
    results[act] = max(hist.history["val_accuracy"])
print(results)
