# IMDB sentiment, "basic text classification" tutorial structure on the preprocessed Keras
# dataset. Validation loss keeps improving but accuracy is stuck around 0.5-0.6.
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, losses

tf.random.set_seed(42)

max_features = 10000
sequence_length = 250
embedding_dim = 16

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.imdb.load_data(num_words=max_features)
x_train = tf.keras.utils.pad_sequences(x_train, maxlen=sequence_length)
x_test = tf.keras.utils.pad_sequences(x_test, maxlen=sequence_length)

model = tf.keras.Sequential([
    tf.keras.Input(shape=(sequence_length,)),
    layers.Embedding(max_features, embedding_dim),
    layers.Dropout(0.2),
    layers.GlobalAveragePooling1D(),
    layers.Dropout(0.2),
    layers.Dense(1),
])
model.summary()

model.compile(loss=losses.BinaryCrossentropy(from_logits=True), optimizer="adam", metrics=["accuracy"])  # expect: KL211

epochs = 10
history = model.fit(x_train, y_train, validation_split=0.2, epochs=epochs, batch_size=32)
loss, accuracy = model.evaluate(x_test, y_test)
print("Loss: ", loss)
print("Accuracy: ", accuracy)

export_model = tf.keras.Sequential([model, layers.Activation("sigmoid")])
print(export_model.predict(x_test[:3]))
