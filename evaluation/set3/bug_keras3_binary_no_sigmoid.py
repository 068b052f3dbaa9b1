"""Keras 3 sentiment classifier with a custom pooling layer (backend agnostic)."""
import os

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras
from keras import layers, ops

VOCAB = 20000
MAXLEN = 200


class MaskedMeanPool(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def call(self, x, mask=None):
        if mask is None:
            return ops.mean(x, axis=1)
        m = ops.cast(ops.expand_dims(mask, -1), x.dtype)
        return ops.sum(x * m, axis=1) / ops.maximum(ops.sum(m, axis=1), 1.0)

    def compute_mask(self, inputs, mask=None):
        return None


def get_model():
    inp = keras.Input(shape=(MAXLEN,), dtype="int32")
    x = layers.Embedding(VOCAB, 128, mask_zero=True)(inp)
    x = layers.Bidirectional(layers.GRU(64, return_sequences=True))(x)
    x = MaskedMeanPool()(x)
    x = layers.Dense(64, activation="gelu")(x)
    x = layers.Dropout(0.3)(x)
    out = layers.Dense(1)(x)
    return keras.Model(inp, out)


(x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=VOCAB)
x_train = keras.utils.pad_sequences(x_train, maxlen=MAXLEN)
x_test = keras.utils.pad_sequences(x_test, maxlen=MAXLEN)

keras.utils.set_random_seed(0)
model = get_model()
bce = keras.losses.BinaryCrossentropy()
model.compile(optimizer=keras.optimizers.AdamW(3e-4), loss=bce, metrics=["accuracy"])  # expect: KL202
model.fit(x_train, y_train, batch_size=64, epochs=3, validation_data=(x_test, y_test))
print(model.evaluate(x_test, y_test, return_dict=True))
