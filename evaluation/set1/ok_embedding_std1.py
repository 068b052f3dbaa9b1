"""Text classification from scratch (IMDB), after the TF tutorial.

Embeddings are initialised N(0, 1) like torch.nn.Embedding -- that is a lookup
table, not a kernel feeding an activation.  The classifier returns a logit and
the loss is told from_logits=True.
"""
import tensorflow as tf
from tensorflow.keras import layers, losses

MAX_FEATURES = 10000
SEQUENCE_LENGTH = 250
EMBEDDING_DIM = 16

raw_train = tf.keras.utils.text_dataset_from_directory("aclImdb/train", batch_size=32,
                                                       validation_split=0.2, subset="training", seed=42)
raw_val = tf.keras.utils.text_dataset_from_directory("aclImdb/train", batch_size=32,
                                                     validation_split=0.2, subset="validation", seed=42)

vectorize = layers.TextVectorization(max_tokens=MAX_FEATURES, output_mode="int",
                                     output_sequence_length=SEQUENCE_LENGTH)
vectorize.adapt(raw_train.map(lambda text, label: text))

train_ds = raw_train.map(lambda t, l: (vectorize(t), l)).cache().prefetch(tf.data.AUTOTUNE)
val_ds = raw_val.map(lambda t, l: (vectorize(t), l)).cache().prefetch(tf.data.AUTOTUNE)

model = tf.keras.Sequential([
    layers.Embedding(MAX_FEATURES, EMBEDDING_DIM,
                     embeddings_initializer=tf.keras.initializers.RandomNormal(stddev=1.0)),
    layers.Dropout(0.2),
    layers.GlobalAveragePooling1D(),
    layers.Dropout(0.2),
    layers.Dense(1),
])

model.compile(loss=losses.BinaryCrossentropy(from_logits=True),
              optimizer="adam",
              metrics=[tf.keras.metrics.BinaryAccuracy(threshold=0.0)])
history = model.fit(train_ds, validation_data=val_ds, epochs=10)

export_model = tf.keras.Sequential([vectorize, model, layers.Activation("sigmoid")])
export_model.compile(loss=losses.BinaryCrossentropy(from_logits=False), optimizer="adam", metrics=["accuracy"])
print(export_model.predict(tf.constant(["The movie was great!", "Terrible plot."])))
