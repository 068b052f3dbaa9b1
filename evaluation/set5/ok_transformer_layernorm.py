# Transformer block for text classification (keras.io "Text classification with
# Transformer"): MultiHeadAttention (softmax over keys internally), LayerNorm and
# BatchNorm scales initialised to ones, offsets to zeros, softmax only at the output.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

VOCAB, MAXLEN, EMBED, HEADS, FF = 20000, 200, 32, 2, 32


class TransformerBlock(layers.Layer):
    def __init__(self, embed_dim, num_heads, ff_dim, rate=0.1, **kwargs):
        super().__init__(**kwargs)
        self.embed_dim, self.num_heads, self.ff_dim, self.rate = embed_dim, num_heads, ff_dim, rate
        self.att = layers.MultiHeadAttention(num_heads=num_heads, key_dim=embed_dim)
        self.ffn = keras.Sequential([layers.Dense(ff_dim, activation="relu"), layers.Dense(embed_dim)])
        self.layernorm1 = layers.LayerNormalization(epsilon=1e-6, gamma_initializer="ones", beta_initializer="zeros")
        self.layernorm2 = layers.LayerNormalization(epsilon=1e-6, gamma_initializer=keras.initializers.Ones())
        self.dropout1 = layers.Dropout(rate)
        self.dropout2 = layers.Dropout(rate)

    def call(self, inputs, training=False):
        attn_output = self.att(inputs, inputs)
        out1 = self.layernorm1(inputs + self.dropout1(attn_output, training=training))
        ffn_output = self.ffn(out1)
        return self.layernorm2(out1 + self.dropout2(ffn_output, training=training))

    def get_config(self):
        cfg = super().get_config()
        cfg.update(embed_dim=self.embed_dim, num_heads=self.num_heads, ff_dim=self.ff_dim, rate=self.rate)
        return cfg


inputs = layers.Input(shape=(MAXLEN,))
tok = layers.Embedding(VOCAB, EMBED)(inputs)
pos = layers.Embedding(MAXLEN, EMBED)(tf.range(start=0, limit=MAXLEN, delta=1))
x = TransformerBlock(EMBED, HEADS, FF)(tok + pos)
x = layers.GlobalAveragePooling1D()(x)
x = layers.BatchNormalization(gamma_initializer="ones", moving_variance_initializer="ones")(x)
x = layers.Dropout(0.1)(x)
x = layers.Dense(20, activation="relu")(x)
outputs = layers.Dense(2, activation="softmax")(x)
model = keras.Model(inputs=inputs, outputs=outputs)

(x_train, y_train), (x_val, y_val) = keras.datasets.imdb.load_data(num_words=VOCAB)
x_train = keras.utils.pad_sequences(x_train, maxlen=MAXLEN)
x_val = keras.utils.pad_sequences(x_val, maxlen=MAXLEN)

model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=32, epochs=2, validation_data=(x_val, y_val))
