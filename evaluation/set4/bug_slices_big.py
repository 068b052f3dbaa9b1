# Training hangs for minutes before the first epoch and then OOM (tf.data from numpy)
import glob
import numpy as np
import tensorflow as tf
from PIL import Image

paths = sorted(glob.glob('images/*.jpg'))[:100000]

images = np.empty((100000, 299, 299, 3), dtype=np.float32)
targets = np.empty((100000,), dtype=np.float32)
for i, p in enumerate(paths):
    images[i] = np.asarray(Image.open(p).convert('RGB').resize((299, 299))) / 255.0
    targets[i] = float(p.split('_')[-1][:-4])

ds = tf.data.Dataset.from_tensor_slices((images, targets))  # expect: KL302
ds = ds.shuffle(2048).batch(32).prefetch(tf.data.AUTOTUNE)

base = tf.keras.applications.InceptionV3(include_top=False, weights='imagenet', pooling='avg')
model = tf.keras.Sequential([base, tf.keras.layers.Dense(1)])
model.compile(optimizer=tf.keras.optimizers.Adam(1e-4), loss='mse', metrics=['mae'])
model.fit(ds, epochs=5)
