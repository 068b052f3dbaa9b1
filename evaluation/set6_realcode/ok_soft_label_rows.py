# Label smoothing done by hand: integer-valued counts per class (votes of 3 annotators) turned
# into rows shaped like the softmax output. The rows are not class indices; categorical
# cross-entropy is the right loss for them.
import numpy as np
import tensorflow as tf

NUM_CLASSES = 6
votes = np.random.randint(0, 4, size=(5000, NUM_CLASSES))
x = np.random.rand(5000, 40).astype("float32")

model = tf.keras.Sequential([
    tf.keras.Input(shape=(40,)),
    tf.keras.layers.Dense(64, activation="relu"),
    tf.keras.layers.Dense(NUM_CLASSES, activation="softmax"),
])
model.compile(optimizer="adam", loss=tf.keras.losses.CategoricalCrossentropy())
model.fit(x, votes / votes.sum(axis=1, keepdims=True).clip(min=1), epochs=5)
model.fit(x, votes, epochs=1)
