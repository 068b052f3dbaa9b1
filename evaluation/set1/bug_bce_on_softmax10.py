# Q: "Why does binary_crossentropy give 98% accuracy but categorical_crossentropy
#     only 60% on the same 10-class problem?"
# Reuters newswire topics, top 10 classes, one-hot labels.
import numpy as np
from keras.datasets import reuters
from keras.models import Sequential
from keras.layers import Dense, Dropout, Input
from keras.utils import to_categorical

NUM_WORDS = 10000


def vectorize(seqs, dim=NUM_WORDS):
    out = np.zeros((len(seqs), dim), dtype="float32")
    for i, s in enumerate(seqs):
        out[i, s] = 1.0
    return out


(x_train, y_train), (x_test, y_test) = reuters.load_data(num_words=NUM_WORDS)
keep_tr, keep_te = y_train < 10, y_test < 10
x_train, y_train = vectorize(x_train[keep_tr]), to_categorical(y_train[keep_tr], 10)
x_test, y_test = vectorize(x_test[keep_te]), to_categorical(y_test[keep_te], 10)

model = Sequential([
    Input(shape=(NUM_WORDS,)),
    Dense(64, activation="relu"),
    Dropout(0.5),
    Dense(64, activation="relu"),
    Dense(10, activation="softmax"),
])
model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])  # expect: KL204
model.fit(x_train, y_train, epochs=20, batch_size=512, validation_data=(x_test, y_test))
print(model.evaluate(x_test, y_test))
