"""Legacy Keras 2 (tf_keras) script kept for a production pipeline: Reuters newswire topics."""
import numpy as np
import tf_keras as keras
from tf_keras import layers
from tf_keras.datasets import reuters

NUM_WORDS = 10000
NUM_CLASSES = 46


def vectorize(sequences, dim=NUM_WORDS):
    out = np.zeros((len(sequences), dim), dtype="float32")
    for i, seq in enumerate(sequences):
        out[i, seq] = 1.0
    return out


(train_data, train_labels), (test_data, test_labels) = reuters.load_data(num_words=NUM_WORDS)
x_train = vectorize(train_data)
x_test = vectorize(test_data)
y_train = keras.utils.to_categorical(train_labels, NUM_CLASSES)
y_test = keras.utils.to_categorical(test_labels, NUM_CLASSES)

keras.utils.set_random_seed(46)
model = keras.Sequential([
    layers.Dense(64, activation="relu", input_shape=(NUM_WORDS,),
                 kernel_initializer=keras.initializers.TruncatedNormal(mean=0.0, stddev=0.01)),
    layers.Dropout(0.5),
    layers.Dense(64, activation="relu", kernel_initializer="he_normal"),
    layers.Dense(NUM_CLASSES, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
              loss="categorical_crossentropy",
              metrics=["accuracy"])
model.fit(x_train, y_train, epochs=9, batch_size=512, validation_data=(x_test, y_test))
results = model.evaluate(x_test, y_test)
print(dict(zip(model.metrics_names, results)))
