# Five-class flower classifier with a softmax head and one-hot labels, compiled with
# binary_crossentropy (a frequent Stack Overflow mistake that inflates "accuracy").
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

IMG = 180
train_ds = keras.utils.image_dataset_from_directory(
    "flower_photos", validation_split=0.2, subset="training", seed=123,
    image_size=(IMG, IMG), batch_size=32, label_mode="categorical")
val_ds = keras.utils.image_dataset_from_directory(
    "flower_photos", validation_split=0.2, subset="validation", seed=123,
    image_size=(IMG, IMG), batch_size=32, label_mode="categorical")
num_classes = len(train_ds.class_names)
train_ds = train_ds.prefetch(tf.data.AUTOTUNE)
val_ds = val_ds.prefetch(tf.data.AUTOTUNE)

model = keras.Sequential([
    keras.Input(shape=(IMG, IMG, 3)),
    layers.Rescaling(1.0 / 255),
    layers.Conv2D(16, 3, padding="same", activation="relu"), layers.MaxPooling2D(),
    layers.Conv2D(32, 3, padding="same", activation="relu"), layers.MaxPooling2D(),
    layers.Conv2D(64, 3, padding="same", activation="relu"), layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(128, activation="relu"),
    layers.Dense(5, activation="softmax"),
])
model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(), metrics=["accuracy"])  # expect: KL204
model.fit(train_ds, validation_data=val_ds, epochs=10)
print(num_classes)
