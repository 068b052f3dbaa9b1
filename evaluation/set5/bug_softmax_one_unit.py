# IMDB sentiment with a single-unit softmax output: the prediction is always 1.0,
# so the model cannot learn anything.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

max_features, maxlen = 20000, 200
(x_train, y_train), (x_val, y_val) = keras.datasets.imdb.load_data(num_words=max_features)
x_train = keras.utils.pad_sequences(x_train, maxlen=maxlen)
x_val = keras.utils.pad_sequences(x_val, maxlen=maxlen)

inputs = keras.Input(shape=(None,), dtype="int32")
x = layers.Embedding(max_features, 128)(inputs)
x = layers.Bidirectional(layers.LSTM(64, return_sequences=True))(x)
x = layers.Bidirectional(layers.LSTM(64))(x)
outputs = layers.Dense(1, activation="softmax")(x)
model = keras.Model(inputs, outputs)

model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])  # expect: KL203
model.fit(x_train, y_train, batch_size=32, epochs=2, validation_data=(x_val, y_val))
print(np.unique(model.predict(x_val[:100]).round(3)))
