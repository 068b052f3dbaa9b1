"""Pneumonia vs normal chest X-ray classifier (binary)."""
import tensorflow as tf
import keras
from keras import layers

keras.utils.set_random_seed(31)
IMG_SIZE = (180, 180)
BATCH = 32

train_ds = keras.utils.image_dataset_from_directory(
    "chest_xray/train", image_size=IMG_SIZE, batch_size=BATCH,
    label_mode="binary", color_mode="grayscale", shuffle=True, seed=31)
val_ds = keras.utils.image_dataset_from_directory(
    "chest_xray/val", image_size=IMG_SIZE, batch_size=BATCH,
    label_mode="binary", color_mode="grayscale", shuffle=False)
train_ds = train_ds.prefetch(tf.data.AUTOTUNE)
val_ds = val_ds.prefetch(tf.data.AUTOTUNE)

model = keras.Sequential([
    keras.Input(shape=IMG_SIZE + (1,)),
    layers.Rescaling(1.0 / 255),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(128, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(64, activation="relu"),
    layers.Dropout(0.5),
    layers.Dense(1, activation="softmax"),
])

model.compile(optimizer=keras.optimizers.Adam(1e-4), loss="binary_crossentropy",  # expect: KL203
              metrics=["accuracy", keras.metrics.Recall(name="recall")])
model.fit(train_ds, validation_data=val_ds, epochs=15,
          callbacks=[keras.callbacks.ModelCheckpoint("xray.keras", monitor="val_recall",
                                                     mode="max", save_best_only=True)])
