# tf_keras (Keras 2) project: a text classifier trained on all of its data, with the "standard"
# callbacks block pasted from another script. Neither callback ever triggers.
import numpy as np
import tensorflow as tf
import tf_keras as keras
from tf_keras import layers

tf.random.set_seed(12)

NUM_WORDS = 10000
(x_train, y_train), (x_test, y_test) = keras.datasets.reuters.load_data(num_words=NUM_WORDS)
x_train = keras.utils.pad_sequences(x_train, maxlen=150)
x_test = keras.utils.pad_sequences(x_test, maxlen=150)
num_classes = int(max(y_train.max(), y_test.max())) + 1

model = keras.Sequential([
    layers.Embedding(NUM_WORDS, 64, input_length=150),
    layers.Conv1D(128, 5, activation="relu"),
    layers.GlobalMaxPooling1D(),
    layers.Dense(64, activation="relu"),
    layers.Dense(num_classes, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

callbacks = [
    keras.callbacks.EarlyStopping(patience=3, restore_best_weights=True),  # expect: KL505
    keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.2, patience=2),
]
model.fit(x_train, y_train, epochs=100, batch_size=64, callbacks=callbacks)
print(model.evaluate(x_test, y_test, verbose=0))
