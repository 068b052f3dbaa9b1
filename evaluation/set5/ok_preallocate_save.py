# Feature extraction for a later classifier (Keras "feature extraction" recipe):
# a large float32 buffer is preallocated with np.zeros, filled batch by batch from
# a frozen backbone, and written to disk with np.save. It is never passed to fit.
import numpy as np
import tensorflow as tf
from tensorflow import keras

IMG = 224
BATCH = 64
N_IMAGES = 250_000

ds = keras.utils.image_dataset_from_directory("images/", labels=None, shuffle=False,
                                              image_size=(IMG, IMG), batch_size=BATCH)
ds = ds.map(keras.applications.efficientnet.preprocess_input).prefetch(tf.data.AUTOTUNE)

backbone = keras.applications.EfficientNetB0(include_top=False, pooling="avg", weights="imagenet")
backbone.trainable = False

features = np.zeros((N_IMAGES, 1280), dtype=np.float32)  # ~1.3 GB
offset = 0
for batch in ds:
    out = backbone(batch, training=False).numpy()
    features[offset:offset + len(out)] = out
    offset += len(out)
features = features[:offset]

np.save("efficientnet_b0_features.npy", features)
with open("features_meta.txt", "w") as fh:
    fh.write(f"{offset} {features.shape[1]}\n")
print("saved", features.shape)
