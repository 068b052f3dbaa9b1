# Reuters topic classifier packaged as a script with a main(); results go into a comparison
# table across three architectures run on different days.
import argparse

import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

NUM_WORDS = 10000
MAXLEN = 200


def load(num_words=NUM_WORDS):
    (x_train, y_train), (x_test, y_test) = keras.datasets.reuters.load_data(num_words=num_words)
    x_train = keras.utils.pad_sequences(x_train, maxlen=MAXLEN)
    x_test = keras.utils.pad_sequences(x_test, maxlen=MAXLEN)
    return (x_train, y_train), (x_test, y_test)


def build(num_classes=46):
    model = keras.Sequential([
        keras.Input(shape=(MAXLEN,)),
        layers.Embedding(NUM_WORDS, 64),
        layers.Bidirectional(layers.GRU(64)),
        layers.Dense(64, activation="relu"),
        layers.Dense(num_classes, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()

    (x_train, y_train), (x_test, y_test) = load()
    model = build()
    model.fit(x_train, y_train, epochs=args.epochs, batch_size=args.batch_size,  # expect: KL603
              validation_data=(x_test, y_test))
    _, acc = model.evaluate(x_test, y_test, verbose=0)
    print(f"bigru test accuracy: {acc:.4f}")


if __name__ == "__main__":
    main()
