"""Small U-Net-free segmentation-ish encoder used as a classifier backbone."""
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(77)

images = np.random.rand(600, 48, 48, 3).astype("float32")
labels = np.random.randint(0, 3, size=(600,))


def encoder_block(x, filters):
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    x = layers.ReLU()(x)  # expect: KL812
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    return layers.MaxPooling2D()(x)


inputs = keras.Input(shape=(48, 48, 3))
x = encoder_block(inputs, 32)      # 24x24
x = encoder_block(x, 64)           # 12x12
x = encoder_block(x, 128)          # 6x6
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(3, activation="softmax")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(images, labels, epochs=5, batch_size=32)
