"""Object localisation with one object per image: class head + box head.

Class head: softmax probabilities with categorical CE (from_logits=False default).
Box head: linear regression of 4 normalised coordinates with MSE.
"""
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers

N_CLASSES = 3

images = np.load("loc_images.npy", mmap_mode="r")
meta = np.loadtxt("loc_meta.csv", delimiter=",", skiprows=1)
cls = tf.keras.utils.to_categorical(meta[:, 0].astype(int), N_CLASSES)
boxes = meta[:, 1:5].astype("float32")

inp = layers.Input(shape=(128, 128, 3), name="image")
x = layers.Rescaling(1.0 / 255)(inp)
for f in (32, 64, 128):
    x = layers.Conv2D(f, 3, padding="same", activation="relu")(x)
    x = layers.MaxPooling2D()(x)
x = layers.GlobalAveragePooling2D()(x)
x = layers.Dense(128, activation="relu")(x)
class_out = layers.Dense(N_CLASSES, activation="softmax", name="cls")(x)
box_out = layers.Dense(4, name="box")(x)

model = tf.keras.Model(inp, {"cls": class_out, "box": box_out})
model.compile(
    optimizer=tf.keras.optimizers.Adam(1e-3),
    loss={"cls": tf.keras.losses.CategoricalCrossentropy(), "box": "mse"},
    loss_weights={"cls": 1.0, "box": 5.0},
    metrics={"cls": ["accuracy"], "box": ["mae"]},
)


def batches(batch_size=32):
    while True:
        idx = np.random.randint(0, len(images), batch_size)
        idx.sort()
        yield np.asarray(images[idx]), {"cls": cls[idx], "box": boxes[idx]}


model.fit(batches(), steps_per_epoch=len(images) // 32, epochs=15)
