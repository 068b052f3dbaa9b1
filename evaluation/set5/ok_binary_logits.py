# Text classification with TextVectorization (TF tutorial "Basic text classification"):
# Dense(1) with no activation, BinaryCrossentropy(from_logits=True), and
# BinaryAccuracy(threshold=0.0) because the output is a logit.
import re
import string
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

batch_size = 32
raw_train_ds = keras.utils.text_dataset_from_directory(
    "aclImdb/train", batch_size=batch_size, validation_split=0.2, subset="training", seed=42)
raw_val_ds = keras.utils.text_dataset_from_directory(
    "aclImdb/train", batch_size=batch_size, validation_split=0.2, subset="validation", seed=42)


def custom_standardization(input_data):
    lowercase = tf.strings.lower(input_data)
    stripped_html = tf.strings.regex_replace(lowercase, "<br />", " ")
    return tf.strings.regex_replace(stripped_html, "[%s]" % re.escape(string.punctuation), "")


max_features = 10000
vectorize_layer = layers.TextVectorization(
    standardize=custom_standardization, max_tokens=max_features,
    output_mode="int", output_sequence_length=250)
vectorize_layer.adapt(raw_train_ds.map(lambda x, y: x))

train_ds = raw_train_ds.map(lambda x, y: (vectorize_layer(x), y)).cache().prefetch(tf.data.AUTOTUNE)
val_ds = raw_val_ds.map(lambda x, y: (vectorize_layer(x), y)).cache().prefetch(tf.data.AUTOTUNE)

model = keras.Sequential([
    layers.Embedding(max_features, 16),
    layers.Dropout(0.2),
    layers.GlobalAveragePooling1D(),
    layers.Dropout(0.2),
    layers.Dense(1),
])
model.compile(loss=keras.losses.BinaryCrossentropy(from_logits=True),
              optimizer="adam",
              metrics=[keras.metrics.BinaryAccuracy(threshold=0.0)])
model.fit(train_ds, validation_data=val_ds, epochs=10)

export_model = keras.Sequential([vectorize_layer, model, layers.Activation("sigmoid")])
print(export_model(tf.constant(["The movie was great!", "Terrible acting."])))
