"""IMDB review sentiment: embedding + BiLSTM, complete training script."""
import os

import numpy as np
import tensorflow as tf
import keras
from keras import layers

SEED = 2025
VOCAB_SIZE = 20000
MAX_LEN = 250
EMBED_DIM = 128
BATCH_SIZE = 64
EPOCHS = 6
OUT_DIR = "artifacts/imdb"


def load_reviews():
    (x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(
        num_words=VOCAB_SIZE, seed=SEED)
    x_train = keras.utils.pad_sequences(x_train, maxlen=MAX_LEN, padding="post")
    x_test = keras.utils.pad_sequences(x_test, maxlen=MAX_LEN, padding="post")
    y_train = y_train.astype("float32")
    y_test = y_test.astype("float32")
    return (x_train, y_train), (x_test, y_test)


def to_dataset(x, y, shuffle):
    ds = tf.data.Dataset.from_tensor_slices((x, y))
    if shuffle:
        ds = ds.shuffle(len(x), seed=SEED, reshuffle_each_iteration=True)
    return ds.batch(BATCH_SIZE).prefetch(tf.data.AUTOTUNE)


def build_model(vocab_size=VOCAB_SIZE, embed_dim=EMBED_DIM, lstm_units=64, dropout=0.3):
    tokens = keras.Input(shape=(MAX_LEN,), dtype="int32", name="tokens")
    x = layers.Embedding(
        vocab_size,
        embed_dim,
        embeddings_initializer=keras.initializers.RandomUniform(minval=-1.0, maxval=1.0),
        mask_zero=True,
    )(tokens)
    x = layers.Bidirectional(layers.LSTM(lstm_units, return_sequences=True))(x)
    x = layers.Bidirectional(layers.LSTM(lstm_units // 2))(x)
    x = layers.Dropout(dropout)(x)
    x = layers.Dense(64, activation="relu", kernel_initializer="glorot_uniform",
                     bias_initializer=keras.initializers.Constant(0.1))(x)
    outputs = layers.Dense(1, activation="sigmoid", name="positive")(x)
    return keras.Model(tokens, outputs, name="imdb_bilstm")


def main():
    keras.utils.set_random_seed(SEED)
    os.makedirs(OUT_DIR, exist_ok=True)

    (x_train, y_train), (x_test, y_test) = load_reviews()
    n_val = 5000
    x_val, y_val = x_train[:n_val], y_train[:n_val]
    x_train, y_train = x_train[n_val:], y_train[n_val:]

    train_ds = to_dataset(x_train, y_train, shuffle=True)
    val_ds = to_dataset(x_val, y_val, shuffle=False)
    test_ds = to_dataset(x_test, y_test, shuffle=False)

    model = build_model()
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=2e-3, clipnorm=1.0),
        loss=keras.losses.BinaryCrossentropy(from_logits=False),
        metrics=[keras.metrics.BinaryAccuracy(name="accuracy"),
                 keras.metrics.AUC(name="auc")],
    )
    history = model.fit(
        train_ds,
        validation_data=val_ds,
        epochs=EPOCHS,
        callbacks=[
            keras.callbacks.EarlyStopping(monitor="val_auc", mode="max", patience=2,
                                          restore_best_weights=True),
            keras.callbacks.CSVLogger(os.path.join(OUT_DIR, "history.csv")),
        ],
    )
    best_epoch = int(np.argmax(history.history["val_auc"])) + 1
    print("best epoch:", best_epoch)

    results = model.evaluate(test_ds, return_dict=True, verbose=0)
    print({k: round(float(v), 4) for k, v in results.items()})
    model.save(os.path.join(OUT_DIR, "model.keras"))


if __name__ == "__main__":
    main()
