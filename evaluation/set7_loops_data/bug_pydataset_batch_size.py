import math

import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(3)


class AugmentedArraySequence(keras.utils.PyDataset):
    """Serves (images, labels) batches with random horizontal flips."""

    def __init__(self, images, labels, batch_size=32, training=True, **kwargs):
        super().__init__(**kwargs)
        self.images = images
        self.labels = labels
        self.batch_size = batch_size
        self.training = training
        self.indices = np.arange(len(images))
        self.on_epoch_end()

    def __len__(self):
        return math.ceil(len(self.images) / self.batch_size)

    def __getitem__(self, idx):
        batch_idx = self.indices[idx * self.batch_size:(idx + 1) * self.batch_size]
        x = self.images[batch_idx].astype("float32") / 255.0
        y = self.labels[batch_idx]
        if self.training:
            flip = np.random.rand(len(x)) < 0.5
            x[flip] = x[flip, :, ::-1, :]
        return x, y

    def on_epoch_end(self):
        if self.training:
            np.random.shuffle(self.indices)


(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()

train_seq = AugmentedArraySequence(x_train, y_train, batch_size=128, training=True)
test_seq = AugmentedArraySequence(x_test, y_test, batch_size=128, training=False)

model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(32, 3, padding="same", activation="relu"),
    layers.Conv2D(32, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, padding="same", activation="relu"),
    layers.Conv2D(64, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(256, activation="relu"),
    layers.Dropout(0.5),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

model.fit(train_seq, epochs=20, batch_size=64, validation_data=test_seq)  # expect: KL305
