# ImageNet-subset loader: decode every JPEG once into a uint8 array so that
# training does not have to decode again.  Hangs for an hour in from_tensor_slices
# and then crashes with a protobuf size error.
import os

import numpy as np
import tensorflow as tf
from PIL import Image

ROOT = "/datasets/imagenet_subset/train"
classes = sorted(os.listdir(ROOT))
paths = [(os.path.join(ROOT, c, f), i) for i, c in enumerate(classes) for f in os.listdir(os.path.join(ROOT, c))]
paths = paths[:300000]

images = np.zeros((300000, 224, 224, 3), dtype=np.uint8)
labels = np.zeros((300000,), dtype=np.int64)
for k, (p, lab) in enumerate(paths):
    images[k] = np.asarray(Image.open(p).convert("RGB").resize((224, 224)))
    labels[k] = lab

ds = tf.data.Dataset.from_tensor_slices((images, labels))  # expect: KL302
ds = ds.shuffle(10000).map(
    lambda x, y: (tf.image.random_flip_left_right(tf.cast(x, tf.float32) / 255.0), y),
    num_parallel_calls=tf.data.AUTOTUNE,
).batch(128).prefetch(tf.data.AUTOTUNE)

model = tf.keras.applications.EfficientNetB0(weights=None, classes=len(classes))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(ds, epochs=30)
