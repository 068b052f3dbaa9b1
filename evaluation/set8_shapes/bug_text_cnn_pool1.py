"""1-D CNN topic classifier. The Flatten layer produces ~9k features and the model
overfits in one epoch. I do have a pooling layer after each conv, don't I?"""
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(2014)

VOCAB, MAXLEN, EMBED, N_TOPICS = 15000, 150, 128, 4
x = np.random.randint(1, VOCAB, size=(8000, MAXLEN))
y = np.random.randint(0, N_TOPICS, size=(8000,))

model = keras.Sequential([
    keras.Input(shape=(MAXLEN,), dtype="int32"),
    layers.Embedding(VOCAB, EMBED),
    layers.Conv1D(128, 5, activation="relu"),       # 146 steps
    layers.MaxPooling1D(pool_size=2),               # 73 steps
    layers.Conv1D(128, 5, activation="relu"),       # 69 steps
    layers.MaxPooling1D(pool_size=1),  # expect: KL813
    layers.Flatten(),
    layers.Dropout(0.5),
    layers.Dense(N_TOPICS, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, batch_size=64, epochs=4, validation_split=0.1)
