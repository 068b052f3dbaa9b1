import math

import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(3)


class ArrayBatches(keras.utils.PyDataset):
    def __init__(self, images, labels, batch_size=128, training=True, **kwargs):
        super().__init__(**kwargs)
        self.images, self.labels = images, labels
        self.batch_size = batch_size
        self.training = training
        self.order = np.arange(len(images))
        self.on_epoch_end()

    def __len__(self):
        return math.ceil(len(self.images) / self.batch_size)

    def __getitem__(self, idx):
        sel = self.order[idx * self.batch_size:(idx + 1) * self.batch_size]
        x = self.images[sel].astype("float32") / 255.0
        if self.training:
            flip = np.random.rand(len(x)) < 0.5
            x[flip] = x[flip, :, ::-1, :]
        return x, self.labels[sel]

    def on_epoch_end(self):
        if self.training:
            np.random.shuffle(self.order)


(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
train_seq = ArrayBatches(x_train, y_train, batch_size=128, training=True, workers=2)
test_seq = ArrayBatches(x_test, y_test, batch_size=256, training=False)

model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(32, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(256, activation="relu"),
    layers.Dropout(0.5),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(train_seq, epochs=20, validation_data=test_seq)

# a quick baseline on a NumPy subset: batch_size/shuffle are meaningful for arrays
x_small = x_train[:5000].astype("float32") / 255.0
baseline = keras.models.clone_model(model)
baseline.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
baseline.fit(x_small, y_train[:5000], batch_size=64, epochs=3, shuffle=True)
