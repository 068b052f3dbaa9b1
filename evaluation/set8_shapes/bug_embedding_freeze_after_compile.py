"""Text classifier with a pretrained (GloVe-like) embedding matrix that should stay frozen."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(6)

VOCAB_SIZE = 5000
EMBED_DIM = 100
SEQ_LEN = 60

# stands in for the matrix built from glove.6B.100d.txt
embedding_matrix = np.random.normal(0.0, 0.4, size=(VOCAB_SIZE, EMBED_DIM)).astype("float32")

x = np.random.randint(1, VOCAB_SIZE, size=(4000, SEQ_LEN))
y = np.random.randint(0, 2, size=(4000,))

inp = keras.Input(shape=(SEQ_LEN,), dtype="int32")
emb = layers.Embedding(
    VOCAB_SIZE, EMBED_DIM,
    embeddings_initializer=keras.initializers.Constant(embedding_matrix),
    name="glove",
)(inp)
h = layers.Bidirectional(layers.LSTM(32))(emb)
h = layers.Dense(32, activation="relu")(h)
out = layers.Dense(1, activation="sigmoid")(h)
model = keras.Model(inp, out)

model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.get_layer("glove").trainable = False  # expect: KL801
model.summary()
model.fit(x, y, epochs=4, batch_size=64, validation_split=0.2)
