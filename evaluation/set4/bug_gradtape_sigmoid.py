# Custom training loop: loss stuck around 0.69 and never decreases
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers

vocab_size = 10000
maxlen = 200

(x_train, y_train), (x_val, y_val) = tf.keras.datasets.imdb.load_data(num_words=vocab_size)
x_train = tf.keras.preprocessing.sequence.pad_sequences(x_train, maxlen=maxlen)
x_val = tf.keras.preprocessing.sequence.pad_sequences(x_val, maxlen=maxlen)

model = tf.keras.Sequential([
    layers.Embedding(vocab_size, 32),
    layers.GlobalAveragePooling1D(),
    layers.Dense(16, activation='relu'),
    layers.Dense(1, activation='sigmoid'),
])

loss_fn = tf.keras.losses.BinaryCrossentropy(from_logits=True)  # expect: KL201
optimizer = tf.keras.optimizers.Adam(1e-3)
train_acc = tf.keras.metrics.BinaryAccuracy()

train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(25000).batch(64)


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        preds = model(x, training=True)
        loss = loss_fn(y, preds)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    train_acc.update_state(y, preds)
    return loss


for epoch in range(10):
    train_acc.reset_states()
    for xb, yb in train_ds:
        loss = train_step(xb, yb)
    print("epoch", epoch, "loss", float(loss), "acc", float(train_acc.result()))
