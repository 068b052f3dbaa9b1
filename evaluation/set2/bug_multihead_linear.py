"""Support-ticket model: topic (8 classes) and spam flag from text + metadata."""
import numpy as np
import tensorflow as tf
import keras
from keras import layers

VOCAB = 30000
SEQ_LEN = 120
N_META = 12
N_TOPICS = 8


def text_branch(tokens):
    x = layers.Embedding(VOCAB, 96)(tokens)
    x = layers.Conv1D(128, 5, activation="relu")(x)
    return layers.GlobalMaxPooling1D()(x)


def meta_branch(meta):
    x = layers.Dense(32, activation="relu")(meta)
    return layers.Dense(32, activation="relu")(x)


def build_model():
    tokens = keras.Input(shape=(SEQ_LEN,), dtype="int32", name="tokens")
    meta = keras.Input(shape=(N_META,), name="meta")
    merged = layers.Concatenate()([text_branch(tokens), meta_branch(meta)])
    merged = layers.Dropout(0.3)(merged)
    shared = layers.Dense(128, activation="relu")(merged)
    topic = layers.Dense(N_TOPICS, activation="softmax", name="topic")(shared)
    spam = layers.Dense(1, name="is_spam")(shared)
    return keras.Model(inputs={"tokens": tokens, "meta": meta},
                       outputs={"topic": topic, "is_spam": spam})


def make_dataset(prefix, training):
    tok = np.load(f"{prefix}_tokens.npy", mmap_mode="r")
    meta = np.load(f"{prefix}_meta.npy", mmap_mode="r")
    topic = np.load(f"{prefix}_topic.npy", mmap_mode="r")
    spam = np.load(f"{prefix}_spam.npy", mmap_mode="r")

    def gen():
        for i in range(len(tok)):
            yield ({"tokens": tok[i], "meta": meta[i]},
                   {"topic": topic[i], "is_spam": spam[i]})

    ds = tf.data.Dataset.from_generator(gen, output_signature=(
        {"tokens": tf.TensorSpec((SEQ_LEN,), tf.int32), "meta": tf.TensorSpec((N_META,), tf.float32)},
        {"topic": tf.TensorSpec((), tf.int32), "is_spam": tf.TensorSpec((), tf.float32)},
    ))
    if training:
        ds = ds.shuffle(20000)
    return ds.batch(128).prefetch(tf.data.AUTOTUNE)


if __name__ == "__main__":
    keras.utils.set_random_seed(21)
    model = build_model()
    model.compile(  # expect: KL202
        optimizer=keras.optimizers.Adam(2e-4),
        loss={"topic": "sparse_categorical_crossentropy", "is_spam": "binary_crossentropy"},
        loss_weights={"topic": 1.0, "is_spam": 0.5},
        metrics={"topic": ["accuracy"], "is_spam": [keras.metrics.AUC(name="auc")]},
    )
    model.fit(make_dataset("tickets_train", True),
              validation_data=make_dataset("tickets_val", False), epochs=10)
