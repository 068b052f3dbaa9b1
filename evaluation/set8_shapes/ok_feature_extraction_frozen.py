"""Feature extraction only: a frozen ResNet50V2 base, never unfrozen.

The base is called without training=False, but it is frozen for the whole run
(trainable=False makes its BatchNorm layers run in inference mode), and no
fine-tuning phase follows. Layers of a second model are frozen *before* compile.
"""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
from tensorflow.keras.applications import ResNet50V2
from tensorflow.keras.applications.resnet_v2 import preprocess_input

keras.utils.set_random_seed(5)

IMG = 128
x = np.random.randint(0, 256, size=(240, IMG, IMG, 3)).astype("float32")
y = np.random.randint(0, 3, size=(240,))

base = ResNet50V2(include_top=False, weights="imagenet", input_shape=(IMG, IMG, 3))
base.trainable = False

inputs = keras.Input(shape=(IMG, IMG, 3))
h = preprocess_input(inputs)
h = base(h)
h = layers.GlobalAveragePooling2D()(h)
outputs = layers.Dense(3, activation="softmax")(h)
clf = keras.Model(inputs, outputs)
clf.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
clf.fit(x, y, epochs=5, batch_size=16, validation_split=0.25)

# a second, small model: freeze its first block before compiling
mlp = keras.Sequential([
    keras.Input(shape=(20,)),
    layers.Dense(64, activation="relu", name="block1"),
    layers.Dense(32, activation="relu", name="block2"),
    layers.Dense(1, activation="sigmoid"),
])
for layer in mlp.layers[:1]:
    layer.trainable = False
mlp.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
xt = np.random.rand(500, 20).astype("float32")
yt = (xt[:, 0] > 0.5).astype("float32")
mlp.fit(xt, yt, epochs=5, batch_size=32)
