# VGG-style dogs-vs-cats model: filter counts never shrink (32, 32, 64, 64, 128, 128).
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(128)

x = np.random.rand(600, 128, 128, 3).astype("float32")
y = np.random.randint(0, 2, size=(600,)).astype("float32")


def vgg_block(model, filters, n_convs=2):
    for _ in range(n_convs):
        model.add(layers.Conv2D(filters, (3, 3), activation="relu", padding="same",
                                kernel_initializer="he_uniform"))
    model.add(layers.MaxPooling2D((2, 2)))


model = keras.Sequential()
model.add(keras.Input(shape=(128, 128, 3)))
vgg_block(model, 32)     # 64
vgg_block(model, 64)     # 32
vgg_block(model, 128)    # 16
model.add(layers.Flatten())
model.add(layers.Dense(128, activation="relu", kernel_initializer="he_uniform"))
model.add(layers.Dropout(0.5))
model.add(layers.Dense(1, activation="sigmoid"))

model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.001, momentum=0.9),
              loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, epochs=20, batch_size=32, validation_split=0.2)
