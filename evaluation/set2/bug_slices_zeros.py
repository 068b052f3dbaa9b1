"""Next-frame predictor: decoded video frames buffered in memory first."""
import glob
import numpy as np
import tensorflow as tf
import keras
from keras import layers
import imageio.v3 as iio

keras.utils.set_random_seed(13)
H = W = 64
MAX_FRAMES = 200_000

frames = np.zeros((MAX_FRAMES, H, W, 3), dtype=np.float32)
n = 0
for path in sorted(glob.glob("clips/*.mp4")):
    for frame in iio.imiter(path):
        if n >= MAX_FRAMES:
            break
        frames[n] = tf.image.resize(frame, (H, W)).numpy() / 255.0
        n += 1

pairs = tf.data.Dataset.from_tensor_slices(frames)  # expect: KL302
pairs = pairs.take(n)
pairs = tf.data.Dataset.zip((pairs, pairs.skip(1)))
train_ds = pairs.shuffle(2048).batch(32).prefetch(tf.data.AUTOTUNE)

inputs = keras.Input(shape=(H, W, 3))
x = layers.Conv2D(32, 3, padding="same", activation="relu")(inputs)
x = layers.Conv2D(64, 3, strides=2, padding="same", activation="relu")(x)
x = layers.Conv2DTranspose(32, 3, strides=2, padding="same", activation="relu")(x)
outputs = layers.Conv2D(3, 3, padding="same", activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy")
model.fit(train_ds, epochs=10)
