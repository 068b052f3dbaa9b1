# We pinned the project to tf_keras (Keras 2) when TF 2.16 switched to Keras 3.
# Fine-tuning our IMDB BiLSTM with a small learning rate, but it behaves exactly like lr=1e-3?
import numpy as np
import tensorflow as tf
import tf_keras as keras
from tf_keras import layers

tf.random.set_seed(3)

VOCAB = 20000
MAXLEN = 200

(x_train, y_train), (x_val, y_val) = keras.datasets.imdb.load_data(num_words=VOCAB)
x_train = keras.utils.pad_sequences(x_train, maxlen=MAXLEN)
x_val = keras.utils.pad_sequences(x_val, maxlen=MAXLEN)

model = keras.Sequential([
    layers.Embedding(VOCAB, 128, input_length=MAXLEN),
    layers.Bidirectional(layers.LSTM(64)),
    layers.Dense(64, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])

model.compile(optimizer=keras.optimizers.Adam(lr=1e-4),  # expect: KL502
              loss="binary_crossentropy",
              metrics=["accuracy"])
model.summary()

model.fit(x_train, y_train, batch_size=64, epochs=3, validation_data=(x_val, y_val))
print(model.evaluate(x_val, y_val, verbose=0))
