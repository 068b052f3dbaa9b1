# Two-stage job: stage 1 trains and saves; stage 2 (a separate run, `--resume`) reloads the model
# and continues training. compile=False was added to silence a custom-object warning.
import argparse

import numpy as np
import tensorflow as tf
from tensorflow import keras

MODEL_PATH = "checkpoints/sentiment.keras"
MAXLEN = 120
VOCAB = 15000


def get_data():
    (x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=VOCAB)
    x_train = keras.utils.pad_sequences(x_train, maxlen=MAXLEN)
    x_test = keras.utils.pad_sequences(x_test, maxlen=MAXLEN)
    return (x_train, y_train), (x_test, y_test)


def build_model():
    model = keras.Sequential([
        keras.Input(shape=(MAXLEN,)),
        keras.layers.Embedding(VOCAB, 64),
        keras.layers.Conv1D(64, 5, activation="relu"),
        keras.layers.GlobalMaxPooling1D(),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy",
                  metrics=["accuracy"])
    return model


def stage_one(epochs):
    (x_train, y_train), (x_test, y_test) = get_data()
    model = build_model()
    model.fit(x_train, y_train, epochs=epochs, batch_size=128, validation_data=(x_test, y_test))
    model.save(MODEL_PATH)


def resume(epochs):
    (x_train, y_train), (x_test, y_test) = get_data()
    model = keras.models.load_model(MODEL_PATH, compile=False)
    print("restored model:", model.evaluate(x_test, y_test, verbose=0))  # expect: KL506
    model.fit(x_train, y_train, epochs=epochs, batch_size=128,  # expect: KL506
              validation_data=(x_test, y_test))
    model.save(MODEL_PATH)


if __name__ == "__main__":
    tf.random.set_seed(0)
    parser = argparse.ArgumentParser()
    parser.add_argument("--resume", action="store_true")
    parser.add_argument("--epochs", type=int, default=3)
    args = parser.parse_args()
    if args.resume:
        resume(args.epochs)
    else:
        stage_one(args.epochs)
