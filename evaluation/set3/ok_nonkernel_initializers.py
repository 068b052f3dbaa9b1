# Text CNN with custom bias / normalization / embedding initializers
import tensorflow as tf
from tensorflow.keras import layers, initializers

VOCAB_SIZE = 30000
SEQ_LEN = 120
NUM_CLASSES = 4

inp = layers.Input(shape=(SEQ_LEN,), dtype="int32")
x = layers.Embedding(VOCAB_SIZE, 100,
                     embeddings_initializer=initializers.RandomUniform(minval=0.0, maxval=1.0))(inp)
x = layers.Conv1D(128, 5, activation="relu",
                  bias_initializer=initializers.Constant(0.1))(x)
x = layers.BatchNormalization(gamma_initializer="ones", beta_initializer="zeros")(x)
x = layers.GlobalMaxPooling1D()(x)
x = layers.Dense(64, activation="relu", bias_initializer="ones")(x)
x = layers.LayerNormalization(gamma_initializer=initializers.Constant(1.0))(x)
out = layers.Dense(NUM_CLASSES, activation="softmax",
                   bias_initializer=initializers.Constant(0.5))(x)
model = tf.keras.Model(inp, out)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

(x_train, y_train), _ = tf.keras.datasets.reuters.load_data(num_words=VOCAB_SIZE)
x_train = tf.keras.utils.pad_sequences(x_train, maxlen=SEQ_LEN)
y_train = y_train % NUM_CLASSES
model.fit(x_train, y_train, epochs=3, batch_size=128, validation_split=0.1)
