"""Streaming input pipelines for a large audio dataset.

Features are stored as one .npy per clip; the list of paths is small, the data
is read lazily by a generator or from TFRecord shards.
"""
import glob

import numpy as np
import tensorflow as tf

N_MELS, FRAMES, N_CLASSES = 64, 128, 35
paths = sorted(glob.glob("/data/speech/train/*/*.npy"))
class_names = sorted({p.split("/")[-2] for p in paths})
labels = [class_names.index(p.split("/")[-2]) for p in paths]


def clip_generator():
    for p, lab in zip(paths, labels):
        yield np.load(p).astype("float32")[..., None], lab


train_ds = tf.data.Dataset.from_generator(
    clip_generator,
    output_signature=(tf.TensorSpec((N_MELS, FRAMES, 1), tf.float32), tf.TensorSpec((), tf.int64)),
).shuffle(2048).batch(64).prefetch(tf.data.AUTOTUNE)

path_ds = tf.data.Dataset.from_tensor_slices((paths, labels))

feature_spec = {"mel": tf.io.FixedLenFeature([N_MELS * FRAMES], tf.float32),
                "label": tf.io.FixedLenFeature([], tf.int64)}


def parse(record):
    ex = tf.io.parse_single_example(record, feature_spec)
    return tf.reshape(ex["mel"], (N_MELS, FRAMES, 1)), ex["label"]


val_ds = (tf.data.TFRecordDataset(tf.io.gfile.glob("/data/speech/val-*.tfrecord"))
          .map(parse, num_parallel_calls=tf.data.AUTOTUNE).batch(64).prefetch(tf.data.AUTOTUNE))

model = tf.keras.Sequential([
    tf.keras.Input(shape=(N_MELS, FRAMES, 1)),
    tf.keras.layers.Conv2D(32, 3, activation="relu"),
    tf.keras.layers.MaxPooling2D(),
    tf.keras.layers.Conv2D(64, 3, activation="relu"),
    tf.keras.layers.GlobalAveragePooling2D(),
    tf.keras.layers.Dense(N_CLASSES),
])
model.compile(optimizer="adam",
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
model.fit(train_ds, validation_data=val_ds, epochs=20)
print(path_ds.cardinality())
