"""Config-driven news classifier (AG News, 4 classes) with integer labels."""
import tensorflow as tf
import keras
from keras import layers

CONFIG = {
    "vocab_size": 20000,
    "seq_len": 100,
    "embed_dim": 64,
    "hidden_units": [128, 64],
    "num_classes": 4,
    "activation": "softmax",
    "loss": "sparse_categorical_crossentropy",
    "learning_rate": 1e-3,
    "epochs": 5,
    "batch_size": 128,
}


def build_model(cfg):
    vectorize = layers.TextVectorization(max_tokens=cfg["vocab_size"],
                                         output_sequence_length=cfg["seq_len"])
    inputs = keras.Input(shape=(), dtype="string")
    x = vectorize(inputs)
    x = layers.Embedding(cfg["vocab_size"], cfg["embed_dim"])(x)
    x = layers.GlobalAveragePooling1D()(x)
    for units in cfg["hidden_units"]:
        x = layers.Dense(units, activation="relu")(x)
    outputs = layers.Dense(cfg["num_classes"], activation=cfg["activation"])(x)
    return keras.Model(inputs, outputs), vectorize


def read_csv(path, cfg, training):
    ds = tf.data.experimental.make_csv_dataset(
        path, batch_size=cfg["batch_size"], label_name="label",
        select_columns=["text", "label"], num_epochs=1, shuffle=training)
    return ds.map(lambda f, y: (f["text"], y - 1))   # labels 1..4 -> 0..3


if __name__ == "__main__":
    keras.utils.set_random_seed(4)
    model, vectorize = build_model(CONFIG)
    train_ds = read_csv("ag_news_train.csv", CONFIG, training=True)
    vectorize.adapt(train_ds.map(lambda text, _: text))
    model.compile(optimizer=keras.optimizers.Adam(CONFIG["learning_rate"]),
                  loss=CONFIG["loss"], metrics=["accuracy"])
    model.fit(train_ds.prefetch(tf.data.AUTOTUNE),
              validation_data=read_csv("ag_news_test.csv", CONFIG, training=False),
              epochs=CONFIG["epochs"])
