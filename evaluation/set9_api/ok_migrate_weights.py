# Migration script: the Keras 2 model is loaded with tf_keras, an identical architecture is
# rebuilt in Keras 3, and the weights are copied across as NumPy arrays. The two libraries never
# share a model: each model is built from one library only.
import numpy as np
import tensorflow as tf
import tf_keras
import keras

tf.random.set_seed(0)

N_FEATURES = 16


def build_legacy():
    # what the 2022 training code produced (tf_keras, Keras 2 semantics)
    return tf_keras.Sequential([
        tf_keras.layers.Dense(64, activation="relu", input_shape=(N_FEATURES,)),
        tf_keras.layers.Dense(32, activation="relu"),
        tf_keras.layers.Dense(3, activation="softmax"),
    ])


def build_keras3():
    return keras.Sequential([
        keras.Input(shape=(N_FEATURES,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(3, activation="softmax"),
    ])


rng = np.random.default_rng(0)
X = rng.normal(size=(1500, N_FEATURES)).astype("float32")
y = rng.integers(0, 3, size=1500)

legacy = build_legacy()
legacy.compile(optimizer=tf_keras.optimizers.Adam(learning_rate=1e-3),
               loss="sparse_categorical_crossentropy", metrics=["accuracy"])
legacy.fit(X, y, epochs=5, batch_size=32, verbose=0)

new_model = build_keras3()
for old_layer, new_layer in zip(legacy.layers, new_model.layers):
    new_layer.set_weights([np.asarray(w) for w in old_layer.get_weights()])

new_model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-4),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
print("legacy:", legacy.evaluate(X, y, verbose=0))
print("keras3:", new_model.evaluate(X, y, verbose=0))
np.testing.assert_allclose(legacy.predict(X[:64]), new_model.predict(X[:64]), atol=1e-5)
new_model.fit(X, y, epochs=2, batch_size=32)
new_model.save("migrated.keras")
