# A helper normalizes the preallocated image array and returns it; the result (the whole
# 50000 x 224 x 224 x 3 float32 array, 28 GiB) goes into from_tensor_slices.
import numpy as np
import tensorflow as tf


def normalize(images):
    mean = images.mean(axis=(0, 1, 2), keepdims=True)
    std = images.std(axis=(0, 1, 2), keepdims=True)
    return (images - mean) / (std + 1e-7)


images = np.empty((50_000, 224, 224, 3), dtype=np.float32)
labels = np.empty((50_000,), dtype=np.int32)
images = normalize(images)

ds = tf.data.Dataset.from_tensor_slices((images, labels))  # expect: KL302
ds = ds.shuffle(1000).batch(32).prefetch(tf.data.AUTOTUNE)
