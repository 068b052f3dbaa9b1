# Sentiment model on my own review dump. The CSV was exported positives first, then negatives.
# Training loss oscillates wildly and the model ends up predicting one class.
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers

tf.random.set_seed(0)
np.random.seed(0)

BATCH_SIZE = 32
MAX_TOKENS = 5000
SEQ_LEN = 40

positive_words = ["great", "excellent", "loved", "wonderful", "perfect", "fantastic", "best"]
negative_words = ["awful", "terrible", "boring", "worst", "hated", "waste", "poor"]
filler = ["the", "movie", "was", "and", "a", "plot", "acting", "really", "this", "it"]


def fake_review(words, rng):
    tokens = list(rng.choice(filler, size=12)) + list(rng.choice(words, size=3))
    rng.shuffle(tokens)
    return " ".join(tokens)


rng = np.random.default_rng(0)
pos = [fake_review(positive_words, rng) for _ in range(4000)]
neg = [fake_review(negative_words, rng) for _ in range(4000)]
texts = np.array(pos + neg)
labels = np.array([1] * len(pos) + [0] * len(neg), dtype="float32")

idx = rng.permutation(len(texts))
val_idx, train_idx = idx[:1000], idx[1000:]
train_idx.sort()  # keep the export order for the training part

vectorizer = layers.TextVectorization(max_tokens=MAX_TOKENS, output_sequence_length=SEQ_LEN)
vectorizer.adapt(texts[train_idx])


def make_dataset(x, y, training):
    ds = tf.data.Dataset.from_tensor_slices((x, y))
    if training:
        ds = ds.shuffle(1)  # expect: KL304
    ds = ds.batch(BATCH_SIZE)
    ds = ds.map(lambda t, l: (vectorizer(t), l), num_parallel_calls=tf.data.AUTOTUNE)
    return ds.prefetch(tf.data.AUTOTUNE)


train_ds = make_dataset(texts[train_idx], labels[train_idx], training=True)
val_ds = make_dataset(texts[val_idx], labels[val_idx], training=False)

model = tf.keras.Sequential([
    tf.keras.Input(shape=(SEQ_LEN,), dtype="int64"),
    layers.Embedding(MAX_TOKENS, 32),
    layers.GlobalAveragePooling1D(),
    layers.Dense(16, activation="relu"),
    layers.Dense(1),
])
model.compile(
    optimizer="adam",
    loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
    metrics=[tf.keras.metrics.BinaryAccuracy(threshold=0.0)],
)
model.fit(train_ds, validation_data=val_ds, epochs=5)
