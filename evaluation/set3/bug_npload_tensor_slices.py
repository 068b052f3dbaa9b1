"""Production training job: satellite tile segmentation (binary mask)."""
import logging
import os

import numpy as np
import tensorflow as tf

logging.basicConfig(level=logging.INFO)
log = logging.getLogger("train")

DATA = os.environ.get("TILE_DATA", "/datasets/tiles")
BATCH = 32
EPOCHS = 40


def unet_lite(input_shape=(256, 256, 4)):
    inp = tf.keras.Input(shape=input_shape)
    c1 = tf.keras.layers.Conv2D(32, 3, padding="same", activation="relu")(inp)
    p1 = tf.keras.layers.MaxPooling2D()(c1)
    c2 = tf.keras.layers.Conv2D(64, 3, padding="same", activation="relu")(p1)
    p2 = tf.keras.layers.MaxPooling2D()(c2)
    b = tf.keras.layers.Conv2D(128, 3, padding="same", activation="relu")(p2)
    u2 = tf.keras.layers.UpSampling2D()(b)
    u2 = tf.keras.layers.Concatenate()([u2, c2])
    c3 = tf.keras.layers.Conv2D(64, 3, padding="same", activation="relu")(u2)
    u1 = tf.keras.layers.UpSampling2D()(c3)
    u1 = tf.keras.layers.Concatenate()([u1, c1])
    c4 = tf.keras.layers.Conv2D(32, 3, padding="same", activation="relu")(u1)
    out = tf.keras.layers.Conv2D(1, 1, activation="sigmoid")(c4)
    return tf.keras.Model(inp, out)


def make_dataset():
    images = np.load(os.path.join(DATA, "tiles_train.npy"))
    masks = np.load(os.path.join(DATA, "masks_train.npy"))
    log.info("loaded %s images", images.shape)
    ds = tf.data.Dataset.from_tensor_slices((images, masks))  # not expected since issue 7: np.load of a size the code does not state (was KL302)
    ds = ds.shuffle(2048).batch(BATCH).prefetch(tf.data.AUTOTUNE)
    return ds


def main():
    tf.keras.utils.set_random_seed(7)
    strategy = tf.distribute.MirroredStrategy()
    train_ds = make_dataset()
    with strategy.scope():
        model = unet_lite()
        model.compile(optimizer=tf.keras.optimizers.Adam(1e-3),
                      loss=tf.keras.losses.BinaryCrossentropy(),
                      metrics=[tf.keras.metrics.BinaryIoU(name="iou")])
    model.fit(train_ds, epochs=EPOCHS,
              callbacks=[tf.keras.callbacks.TensorBoard("logs"),
                         tf.keras.callbacks.ModelCheckpoint("unet.keras")])


if __name__ == "__main__":
    main()
