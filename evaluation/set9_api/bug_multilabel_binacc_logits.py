# Multi-label tagging of short texts (5 independent tags) with a Keras 3 functional model.
# Loss on logits for numerical stability, as the docs recommend.
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(5)

VOCAB, MAXLEN, N_TAGS = 8000, 64, 5
TAGS = ["billing", "bug", "feature", "account", "urgent"]

rng = np.random.default_rng(5)
tokens = rng.integers(1, VOCAB, size=(12000, MAXLEN))
tag_words = rng.integers(1, VOCAB, size=(N_TAGS, 20))
y = np.stack([np.isin(tokens, tag_words[k]).sum(axis=1) >= 1 for k in range(N_TAGS)], axis=1).astype("float32")

inputs = keras.Input(shape=(MAXLEN,), dtype="int32")
x = layers.Embedding(VOCAB, 64)(inputs)
x = layers.Conv1D(128, 3, activation="relu")(x)
x = layers.GlobalMaxPooling1D()(x)
x = layers.Dense(64, activation="relu")(x)
logits = layers.Dense(N_TAGS, name="tag_logits")(x)
model = keras.Model(inputs, logits)

model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    loss=keras.losses.BinaryCrossentropy(from_logits=True),
    metrics=[keras.metrics.BinaryAccuracy(name="bin_acc")],  # expect: KL211
)
model.fit(tokens, y, epochs=8, batch_size=128, validation_split=0.2)

probs = keras.ops.sigmoid(model.predict(tokens[:3], verbose=0))
for row in keras.ops.convert_to_numpy(probs):
    print([TAGS[k] for k in range(N_TAGS) if row[k] > 0.5])
