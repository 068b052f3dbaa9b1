# Skip-gram word2vec with negative sampling (TF word2vec tutorial): the target and
# context embedding tables are initialised uniformly in [-1, 1]. Embedding tables
# are not kernels; the score is a dot product trained as a logit.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

VOCAB_SIZE = 4096
EMBED_DIM = 128
NUM_NS = 4


class Word2Vec(keras.Model):
    def __init__(self, vocab_size, embedding_dim):
        super().__init__()
        self.target_embedding = layers.Embedding(
            vocab_size, embedding_dim, name="w2v_embedding",
            embeddings_initializer=keras.initializers.RandomUniform(minval=-1.0, maxval=1.0))
        self.context_embedding = layers.Embedding(
            vocab_size, embedding_dim,
            embeddings_initializer=keras.initializers.RandomUniform(-1, 1))

    def call(self, pair):
        target, context = pair
        if len(target.shape) == 2:
            target = tf.squeeze(target, axis=1)
        word_emb = self.target_embedding(target)
        context_emb = self.context_embedding(context)
        return tf.einsum("be,bce->bc", word_emb, context_emb)


targets = np.random.randint(1, VOCAB_SIZE, size=(20000,))
contexts = np.random.randint(1, VOCAB_SIZE, size=(20000, NUM_NS + 1))
labels = np.zeros((20000, NUM_NS + 1), dtype="float32")
labels[:, 0] = 1.0

dataset = tf.data.Dataset.from_tensor_slices(((targets, contexts), labels))
dataset = dataset.shuffle(10000).batch(1024, drop_remainder=True).cache().prefetch(tf.data.AUTOTUNE)

word2vec = Word2Vec(VOCAB_SIZE, EMBED_DIM)
word2vec.compile(optimizer="adam",
                 loss=keras.losses.CategoricalCrossentropy(from_logits=True),
                 metrics=["accuracy"])
word2vec.fit(dataset, epochs=20)
weights = word2vec.get_layer("w2v_embedding").get_weights()[0]
np.save("vectors.npy", weights)
