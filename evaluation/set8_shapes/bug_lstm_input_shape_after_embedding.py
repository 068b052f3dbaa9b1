# Reuters newswire topics with an LSTM. I added input_shape to the LSTM to be sure
# it gets (timesteps, features) -- is that right?
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(4)

max_words = 10000
maxlen = 100
embed_dim = 128

(x_train, y_train), (x_test, y_test) = keras.datasets.reuters.load_data(num_words=max_words)
x_train = keras.utils.pad_sequences(x_train, maxlen=maxlen)
x_test = keras.utils.pad_sequences(x_test, maxlen=maxlen)
num_classes = 46

model = keras.Sequential()
model.add(layers.Embedding(max_words, embed_dim))
model.add(layers.LSTM(64, input_shape=(maxlen, embed_dim)))  # expect: KL503
model.add(layers.Dense(64, activation="relu"))
model.add(layers.Dense(num_classes, activation="softmax"))

model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=64, epochs=8, validation_data=(x_test, y_test))
