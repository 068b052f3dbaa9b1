"""Audio-tagging model: spectrogram dataset stored as .npy files."""
import numpy as np
import tensorflow as tf
import keras
from keras import layers

N_MELS, N_STEPS, N_TAGS = 128, 431, 50
BATCH = 32


def make_ds(split, training):
    specs = np.load(f"spectrograms_{split}.npy")
    tags = np.load(f"tags_{split}.npy")
    ds = tf.data.Dataset.from_tensor_slices((specs, tags))  # not expected since issue 7: np.load of a size the code does not state (was KL302)
    if training:
        ds = ds.shuffle(4096)
    return ds.batch(BATCH).prefetch(tf.data.AUTOTUNE)


def build():
    inputs = keras.Input(shape=(N_MELS, N_STEPS))
    x = layers.Reshape((N_MELS, N_STEPS, 1))(inputs)
    for filters in (32, 64, 128):
        x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
        x = layers.BatchNormalization()(x)
        x = layers.MaxPooling2D(2)(x)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(N_TAGS, activation="sigmoid")(x)
    return keras.Model(inputs, outputs)


if __name__ == "__main__":
    keras.utils.set_random_seed(9)
    model = build()
    model.compile(optimizer="adam", loss="binary_crossentropy",
                  metrics=[keras.metrics.AUC(multi_label=True, name="auc")])
    model.fit(make_ds("train", True), validation_data=make_ds("val", False), epochs=30)
