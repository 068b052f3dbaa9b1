"""Train a ResNet50 on our 200k-image dataset.

The machine has 512 GB RAM so I load everything into one array first.
Process gets OOM-killed inside model.fit (and sometimes in evaluate).
"""
import glob
import os

import numpy as np
import tensorflow as tf
from PIL import Image

IMG_SIZE = 256
N_TRAIN = 200000
N_TEST = 50000


def read_split(pattern, x, y, classes):
    for i, path in enumerate(sorted(glob.glob(pattern))[: len(x)]):
        img = Image.open(path).convert("RGB").resize((IMG_SIZE, IMG_SIZE))
        x[i] = np.asarray(img) / 255.0
        y[i] = classes.index(os.path.basename(os.path.dirname(path)))


classes = sorted(os.listdir("data/train"))
X_train = np.zeros((200000, 256, 256, 3))
y_train = np.zeros((N_TRAIN,), dtype=np.int32)
read_split("data/train/*/*.jpg", X_train, y_train, classes)

X_test = np.zeros((N_TEST, IMG_SIZE, IMG_SIZE, 3), dtype=np.float32)
y_test = np.zeros((N_TEST,), dtype=np.int32)
read_split("data/test/*/*.jpg", X_test, y_test, classes)

base = tf.keras.applications.ResNet50(include_top=False, weights=None,
                                      input_shape=(IMG_SIZE, IMG_SIZE, 3), pooling="avg")
out = tf.keras.layers.Dense(len(classes), activation="softmax")(base.output)
model = tf.keras.Model(base.input, out)
model.compile(optimizer=tf.keras.optimizers.SGD(0.1, momentum=0.9),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])

model.fit(X_train, y_train, batch_size=64, epochs=90, shuffle=True)  # expect: KL301
loss, acc = model.evaluate(X_test, y_test, batch_size=256)  # expect: KL301
print(f"test acc {acc:.4f}")
