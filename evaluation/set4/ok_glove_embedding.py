# Sentiment with pretrained GloVe vectors loaded into an Embedding layer
import numpy as np
from keras.preprocessing.text import Tokenizer
from keras.preprocessing.sequence import pad_sequences
from keras.models import Sequential
from keras.layers import Embedding, LSTM, Dense, Dropout
from keras.initializers import Constant
import pandas as pd

df = pd.read_csv('reviews.csv')
texts = df['text'].astype(str).tolist()
labels = df['sentiment'].values

tokenizer = Tokenizer(num_words=20000)
tokenizer.fit_on_texts(texts)
sequences = tokenizer.texts_to_sequences(texts)
data = pad_sequences(sequences, maxlen=100)

embedding_dim = 100
embeddings_index = {}
with open('glove.6B.100d.txt', encoding='utf8') as f:
    for line in f:
        values = line.split()
        embeddings_index[values[0]] = np.asarray(values[1:], dtype='float32')

num_words = min(20000, len(tokenizer.word_index) + 1)
embedding_matrix = np.zeros((num_words, embedding_dim))
for word, i in tokenizer.word_index.items():
    if i < num_words and word in embeddings_index:
        embedding_matrix[i] = embeddings_index[word]

model = Sequential()
model.add(Embedding(num_words, embedding_dim,
                    embeddings_initializer=Constant(embedding_matrix),
                    trainable=False))
model.add(LSTM(64, dropout=0.2))
model.add(Dense(32, activation='relu'))
model.add(Dropout(0.3))
model.add(Dense(1, activation='sigmoid'))

model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
model.fit(data, labels, batch_size=64, epochs=5, validation_split=0.2)
