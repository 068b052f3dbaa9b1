# Reuters newswire topics, MLP on multi-hot vectors.
# Our CI image moved to TF 2.16; we set TF_USE_LEGACY_KERAS so the Keras 2 code keeps working.
import os
os.environ["TF_USE_LEGACY_KERAS"] = "1"

import numpy as np
import tensorflow as tf

tf.random.set_seed(42)

NUM_WORDS = 10000
NUM_TOPICS = 46


def vectorize(sequences, dim=NUM_WORDS):
    out = np.zeros((len(sequences), dim), dtype="float32")
    for i, seq in enumerate(sequences):
        out[i, seq] = 1.0
    return out


(train_data, train_labels), (test_data, test_labels) = tf.keras.datasets.reuters.load_data(
    num_words=NUM_WORDS)
x_train = vectorize(train_data)
x_test = vectorize(test_data)

model = tf.keras.Sequential([
    tf.keras.layers.Dense(64, activation="relu", input_shape=(NUM_WORDS,)),
    tf.keras.layers.Dropout(0.3),
    tf.keras.layers.Dense(64, activation="relu"),
    tf.keras.layers.Dense(NUM_TOPICS, activation="softmax"),
])

optimizer = tf.keras.optimizers.SGD(learning_rate=0.01, momentum=0.9, decay=1e-4)  # expect: KL502
model.compile(optimizer=optimizer,
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])

history = model.fit(x_train, train_labels, epochs=20, batch_size=128, validation_split=0.2)
print(model.evaluate(x_test, test_labels, verbose=0))
