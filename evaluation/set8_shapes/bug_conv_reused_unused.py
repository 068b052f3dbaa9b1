"""Siamese encoder for patch matching, subclassed. Copy-paste slip in call()."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.random.set_seed(22)


class Encoder(keras.Model):
    def __init__(self, embedding_dim=64, **kwargs):
        super().__init__(**kwargs)
        self.stem = layers.Conv2D(32, 3, padding="same", activation="relu")
        self.block1 = layers.Conv2D(32, 3, padding="same", activation="relu")
        self.pool1 = layers.MaxPooling2D()
        self.block2 = layers.Conv2D(32, 3, padding="same", activation="relu")  # expect: KL816
        self.pool2 = layers.MaxPooling2D()
        self.gap = layers.GlobalAveragePooling2D()
        self.proj = layers.Dense(embedding_dim)

    def call(self, x):
        x = self.stem(x)
        x = self.pool1(self.block1(x))
        x = self.pool2(self.block1(x))
        return tf.math.l2_normalize(self.proj(self.gap(x)), axis=-1)


class PairClassifier(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.encoder = Encoder()
        self.head = layers.Dense(1, activation="sigmoid")

    def call(self, inputs):
        a, b = inputs
        ea, eb = self.encoder(a), self.encoder(b)
        return self.head(tf.abs(ea - eb))


left = np.random.rand(1000, 32, 32, 1).astype("float32")
right = np.random.rand(1000, 32, 32, 1).astype("float32")
same = np.random.randint(0, 2, size=(1000,)).astype("float32")

model = PairClassifier()
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit([left, right], same, epochs=5, batch_size=32)
