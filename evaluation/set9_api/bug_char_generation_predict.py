# Character-level LSTM text generation (after the old keras lstm_text_generation example).
# Training is fast; generating 400 characters per temperature is painfully slow.
import io
import random

import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.random.set_seed(9)
random.seed(9)

corpus = io.StringIO(
    "it is a truth universally acknowledged, that a single man in possession of a good fortune, "
    "must be in want of a wife. however little known the feelings or views of such a man may be "
    "on his first entering a neighbourhood, this truth is so well fixed in the minds of the "
    "surrounding families, that he is considered the rightful property of some one or other of "
    "their daughters. " * 20
)
text = corpus.read().lower()
chars = sorted(list(set(text)))
print("total chars:", len(chars))
char_indices = dict((c, i) for i, c in enumerate(chars))
indices_char = dict((i, c) for i, c in enumerate(chars))

# cut the text in semi-redundant sequences of maxlen characters
maxlen = 40
step = 3
sentences = []
next_chars = []
for i in range(0, len(text) - maxlen, step):
    sentences.append(text[i: i + maxlen])
    next_chars.append(text[i + maxlen])
print("nb sequences:", len(sentences))

x = np.zeros((len(sentences), maxlen, len(chars)), dtype=bool)
y = np.zeros((len(sentences), len(chars)), dtype=bool)
for i, sentence in enumerate(sentences):
    for t, char in enumerate(sentence):
        x[i, t, char_indices[char]] = 1
    y[i, char_indices[next_chars[i]]] = 1

model = keras.Sequential([
    keras.Input(shape=(maxlen, len(chars))),
    layers.LSTM(128),
    layers.Dense(len(chars), activation="softmax"),
])
model.compile(loss="categorical_crossentropy", optimizer=keras.optimizers.RMSprop(learning_rate=0.01))
model.fit(x, y, batch_size=128, epochs=20)


def sample(preds, temperature=1.0):
    # reweight the distribution: p_i ** (1 / T), renormalised
    preds = np.asarray(preds).astype("float64")
    weighted = np.power(preds, 1.0 / temperature)
    weighted /= np.sum(weighted)
    return int(np.argmax(np.random.multinomial(1, weighted, 1)))


start_index = random.randint(0, len(text) - maxlen - 1)
for diversity in [0.2, 0.5, 1.0]:
    print("----- diversity:", diversity)
    sentence = text[start_index: start_index + maxlen]
    generated = sentence
    for i in range(400):
        x_pred = np.zeros((1, maxlen, len(chars)))
        for t, char in enumerate(sentence):
            x_pred[0, t, char_indices[char]] = 1.0
        preds = model.predict(x_pred, verbose=0)[0]  # expect: KL901
        next_char = indices_char[sample(preds, diversity)]
        sentence = sentence[1:] + next_char
        generated += next_char
    print(generated)
