# Large-scale training data streamed from disk: a TFRecord pipeline for the main
# training set and Dataset.from_generator for an on-the-fly augmented set.
# The nominal dataset is huge (millions of 224x224x3 images), but nothing is
# materialised in memory.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

IMG = 224
NUM_CLASSES = 1000
files = tf.io.gfile.glob("gs://my-bucket/imagenet/train-*.tfrecord")

feature_spec = {
    "image/encoded": tf.io.FixedLenFeature([], tf.string),
    "image/class/label": tf.io.FixedLenFeature([], tf.int64),
}


def parse(record):
    ex = tf.io.parse_single_example(record, feature_spec)
    img = tf.io.decode_jpeg(ex["image/encoded"], channels=3)
    img = tf.image.resize(img, (IMG, IMG)) / 255.0
    return img, ex["image/class/label"] - 1


train_ds = (tf.data.TFRecordDataset(files, num_parallel_reads=tf.data.AUTOTUNE)
            .shuffle(10000).map(parse, num_parallel_calls=tf.data.AUTOTUNE)
            .batch(256).prefetch(tf.data.AUTOTUNE))


def synthetic_examples(n=5_000_000):
    rng = np.random.default_rng(0)
    for _ in range(n):
        yield rng.random((IMG, IMG, 3), dtype=np.float32), rng.integers(0, NUM_CLASSES)


gen_ds = tf.data.Dataset.from_generator(
    synthetic_examples,
    output_signature=(tf.TensorSpec((IMG, IMG, 3), tf.float32), tf.TensorSpec((), tf.int64)),
).batch(256).prefetch(tf.data.AUTOTUNE)

model = keras.applications.MobileNetV2(weights=None, classes=NUM_CLASSES, input_shape=(IMG, IMG, 3))
model.compile(optimizer=keras.optimizers.Adam(1e-3),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(train_ds, epochs=1, steps_per_epoch=5000)
model.fit(gen_ds, epochs=1, steps_per_epoch=1000)
