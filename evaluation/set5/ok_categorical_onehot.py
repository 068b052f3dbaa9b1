# Reuters newswire topics (Deep Learning with Python, ch. 3) with to_categorical
# labels + categorical_crossentropy, plus a two-class softmax sentiment model
# with one-hot labels. Softmax over two units is a legitimate binary classifier.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.utils import to_categorical

(train_data, train_labels), (test_data, test_labels) = keras.datasets.reuters.load_data(num_words=10000)


def vectorize_sequences(sequences, dimension=10000):
    results = np.zeros((len(sequences), dimension))
    for i, sequence in enumerate(sequences):
        results[i, sequence] = 1.0
    return results


x_train = vectorize_sequences(train_data)
x_test = vectorize_sequences(test_data)
one_hot_train_labels = to_categorical(train_labels, num_classes=46)
one_hot_test_labels = to_categorical(test_labels, num_classes=46)

model = keras.Sequential([
    keras.Input(shape=(10000,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(46, activation="softmax"),
])
model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, one_hot_train_labels, epochs=9, batch_size=512,
          validation_data=(x_test, one_hot_test_labels))

(imdb_x, imdb_y), _ = keras.datasets.imdb.load_data(num_words=2000)
imdb_x = vectorize_sequences(imdb_x, dimension=2000).astype("float32")
imdb_y2 = to_categorical(imdb_y, 2)
binary_model = keras.Sequential([
    keras.Input(shape=(2000,)),
    layers.Dense(16, activation="relu"),
    layers.Dense(2, activation="softmax"),
])
binary_model.compile(optimizer="rmsprop", loss=keras.losses.CategoricalCrossentropy(), metrics=["accuracy"])
binary_model.fit(imdb_x, imdb_y2, epochs=4, batch_size=512)
