# IMDB sentiment with a subclassed model. Loss goes down a little, then flat at 0.69.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.random.set_seed(3)

VOCAB = 10000
MAXLEN = 200

(x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=VOCAB)
x_train = keras.utils.pad_sequences(x_train, maxlen=MAXLEN)
x_test = keras.utils.pad_sequences(x_test, maxlen=MAXLEN)


class SentimentModel(keras.Model):
    def __init__(self, vocab_size, embed_dim=64, **kwargs):
        super().__init__(**kwargs)
        self.embedding = layers.Embedding(vocab_size, embed_dim)
        self.pool = layers.GlobalAveragePooling1D()
        self.hidden = layers.Dense(32, activation=tf.nn.softmax)  # expect: KL206
        self.dropout = layers.Dropout(0.3)
        self.classifier = layers.Dense(1, activation="sigmoid")

    def call(self, inputs, training=False):
        x = self.embedding(inputs)
        x = self.pool(x)
        x = self.hidden(x)
        x = self.dropout(x, training=training)
        return self.classifier(x)


model = SentimentModel(VOCAB)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, batch_size=256, validation_data=(x_test, y_test))
