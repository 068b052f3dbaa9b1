# Character-level name classifier trained one name at a time (no padding, so every
# sequence keeps its true length). Each epoch is slower than the previous one and TF keeps
# warning about retracing.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(12)

rng = np.random.default_rng(12)
alphabet = "abcdefghijklmnopqrstuvwxyz"
char_to_id = {c: i + 1 for i, c in enumerate(alphabet)}


def fake_name(lang):
    vowels = "aeiou" if lang == 0 else "aeiouy"
    length = rng.integers(3, 15)
    chars = [rng.choice(list(vowels if i % 2 else alphabet)) for i in range(length)]
    if lang == 1:
        chars[-1] = "y"
    return "".join(chars)


labels = rng.integers(0, 2, size=3000)
names = [fake_name(int(lang)) for lang in labels]
token_lists = [[char_to_id[c] for c in name] for name in names]

model = keras.Sequential([
    keras.Input(shape=(None,), dtype="int32"),
    layers.Embedding(len(alphabet) + 1, 16),
    layers.GRU(32),
    layers.Dense(1),
])
loss_fn = keras.losses.BinaryCrossentropy(from_logits=True)
optimizer = keras.optimizers.Adam(1e-3)
loss_avg = keras.metrics.Mean()
acc = keras.metrics.BinaryAccuracy(threshold=0.0)


@tf.function
def train_step(tokens, label):
    with tf.GradientTape() as tape:
        logits = model(tokens, training=True)
        loss = loss_fn(label, logits)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    loss_avg.update_state(loss)
    acc.update_state(label, logits)


for epoch in range(5):
    loss_avg.reset_state()
    acc.reset_state()
    order = rng.permutation(len(token_lists))
    for i in order:
        train_step(tf.constant([token_lists[i]], dtype=tf.int32), tf.constant([[float(labels[i])]]))  # expect: KL408
    print(f"epoch {epoch}: loss {loss_avg.result():.4f} acc {acc.result():.4f}")
