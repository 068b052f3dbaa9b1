"""Flower classification from pre-extracted MobileNet features.

Labels were one-hot encoded during preprocessing; I switched the loss to the
sparse version because someone said it is more memory efficient.
"""
import numpy as np
import tensorflow as tf
from tensorflow.keras.utils import to_categorical

N_CLASSES = 5


def load_split(name):
    feats = np.load(f"features_{name}.npy", mmap_mode="r")
    labels = np.loadtxt(f"labels_{name}.txt", dtype=np.int64)
    return np.asarray(feats[:5000], dtype=np.float32), labels[:5000]


x_train, y_train_int = load_split("train")
x_val, y_val_int = load_split("val")
y_train = to_categorical(y_train_int, num_classes=N_CLASSES)
y_val = to_categorical(y_val_int, num_classes=N_CLASSES)

head = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(1280,)),
    tf.keras.layers.Dropout(0.2),
    tf.keras.layers.Dense(N_CLASSES, activation="softmax"),
])
head.compile(optimizer=tf.keras.optimizers.Adam(1e-3),  # expect: KL205
             loss=tf.keras.losses.SparseCategoricalCrossentropy(),
             metrics=["accuracy"])
head.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=20, batch_size=64)
