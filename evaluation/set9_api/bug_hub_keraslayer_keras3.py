# "Text classification with TensorFlow Hub: movie reviews" tutorial, run unchanged on TF 2.16.
import numpy as np
import tensorflow as tf
import tensorflow_hub as hub
import tensorflow_datasets as tfds

tf.random.set_seed(0)

# Split the training set into 60% and 40% to end up with 15,000 examples
# for training, 10,000 examples for validation and 25,000 examples for testing.
train_data, validation_data, test_data = tfds.load(
    name="imdb_reviews",
    split=("train[:60%]", "train[60%:]", "test"),
    as_supervised=True)

train_examples_batch, train_labels_batch = next(iter(train_data.batch(10)))
print(train_examples_batch[:3])

embedding = "https://tfhub.dev/google/nnlm-en-dim50/2"

model = tf.keras.Sequential()
model.add(hub.KerasLayer(embedding, input_shape=[], dtype=tf.string, trainable=True))  # expect: KL501
model.add(tf.keras.layers.Dense(16, activation="relu"))
model.add(tf.keras.layers.Dense(1))
model.summary()

model.compile(optimizer="adam",
              loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
              metrics=["accuracy"])  # expect: KL211

history = model.fit(train_data.shuffle(10000).batch(512).prefetch(tf.data.AUTOTUNE),
                    epochs=10,
                    validation_data=validation_data.batch(512).prefetch(tf.data.AUTOTUNE),
                    verbose=1)

results = model.evaluate(test_data.batch(512), verbose=2)
for name, value in zip(model.metrics_names, results):
    print("%s: %.3f" % (name, value))
