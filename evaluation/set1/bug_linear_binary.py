"""IMDB sentiment -- val_accuracy stuck at 0.50 no matter what I try."""
import tensorflow as tf
from tensorflow import keras

VOCAB_SIZE = 10000
MAXLEN = 256

(train_data, train_labels), (test_data, test_labels) = keras.datasets.imdb.load_data(num_words=VOCAB_SIZE)
train_data = keras.preprocessing.sequence.pad_sequences(train_data, maxlen=MAXLEN, padding="post")
test_data = keras.preprocessing.sequence.pad_sequences(test_data, maxlen=MAXLEN, padding="post")


def build_model(embed_dim=16):
    model = keras.Sequential([
        keras.layers.Embedding(VOCAB_SIZE, embed_dim),
        keras.layers.GlobalAveragePooling1D(),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer="adam",  # expect: KL202
                  loss="binary_crossentropy",
                  metrics=["accuracy"])
    return model


model = build_model()
x_val, partial_x_train = train_data[:10000], train_data[10000:]
y_val, partial_y_train = train_labels[:10000], train_labels[10000:]

history = model.fit(partial_x_train, partial_y_train, epochs=40, batch_size=512,
                    validation_data=(x_val, y_val), verbose=1)
print(model.evaluate(test_data, test_labels))
