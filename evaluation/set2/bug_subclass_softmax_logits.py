"""Topic classifier as a keras.Model subclass (news headlines, 4 topics)."""
import numpy as np
import tensorflow as tf
import keras
from keras import layers

VOCAB = 20000
SEQ_LEN = 40
N_TOPICS = 4


class TopicNet(keras.Model):
    def __init__(self, vocab=VOCAB, dim=128, n_classes=N_TOPICS, **kwargs):
        super().__init__(**kwargs)
        self.embed = layers.Embedding(vocab, dim, mask_zero=True)
        self.encoder = layers.Bidirectional(layers.GRU(64))
        self.hidden = layers.Dense(64, activation="relu")
        self.drop = layers.Dropout(0.4)
        self.classifier = layers.Dense(n_classes)

    def call(self, tokens, training=False):
        x = self.embed(tokens)
        x = self.encoder(x, training=training)
        x = self.drop(self.hidden(x), training=training)
        return tf.nn.softmax(self.classifier(x))


def load_split(name):
    tokens = np.load(f"headlines_{name}_tokens.npy", mmap_mode="r")
    labels = np.load(f"headlines_{name}_labels.npy", mmap_mode="r")
    ds = tf.data.Dataset.from_generator(
        lambda: ((np.asarray(t, dtype="int32"), np.int32(l)) for t, l in zip(tokens, labels)),
        output_signature=(tf.TensorSpec((SEQ_LEN,), tf.int32), tf.TensorSpec((), tf.int32)),
    )
    return ds


if __name__ == "__main__":
    keras.utils.set_random_seed(17)
    train_ds = load_split("train").shuffle(10000).batch(64).prefetch(tf.data.AUTOTUNE)
    val_ds = load_split("val").batch(256).prefetch(tf.data.AUTOTUNE)

    model = TopicNet()
    model.compile(  # expect: KL201
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    model.fit(train_ds, validation_data=val_ds, epochs=8)
