"""Keras 3 model subclass ending in keras.ops.softmax, trained with a probability loss."""
import numpy as np
import keras
from keras import layers, ops


class GlyphNet(keras.Model):
    def __init__(self, n_classes=26, width=64, **kwargs):
        super().__init__(**kwargs)
        self.n_classes = n_classes
        self.width = width
        self.conv1 = layers.Conv2D(width, 3, padding="same", activation="relu")
        self.conv2 = layers.Conv2D(width * 2, 3, padding="same", activation="relu")
        self.pool = layers.MaxPooling2D()
        self.gap = layers.GlobalAveragePooling2D()
        self.drop = layers.Dropout(0.25)
        self.head = layers.Dense(n_classes)

    def call(self, x, training=False):
        x = self.pool(self.conv1(x))
        x = self.pool(self.conv2(x))
        x = self.drop(self.gap(x), training=training)
        return ops.softmax(self.head(x), axis=-1)

    def get_config(self):
        return {**super().get_config(), "n_classes": self.n_classes, "width": self.width}


def load_letters(path):
    data = np.load(path, mmap_mode="r")
    images = np.asarray(data[:, 1:], dtype="float32").reshape(-1, 28, 28, 1) / 255.0
    labels = np.asarray(data[:, 0], dtype="int32") - 1   # letters are 1..26
    return images, labels


if __name__ == "__main__":
    keras.utils.set_random_seed(26)
    x_train, y_train = load_letters("emnist_letters_train.npy")
    x_test, y_test = load_letters("emnist_letters_test.npy")
    model = GlyphNet()
    model.compile(
        optimizer=keras.optimizers.Adam(1e-3),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=False),
        metrics=["accuracy"],
    )
    model.fit(x_train, y_train, validation_data=(x_test, y_test), epochs=10, batch_size=256)
