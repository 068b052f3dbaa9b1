# Flowers (5 classes) from a directory, one-hot labels via label_mode="categorical".
# Final Dense is linear and followed by a separate softmax Activation layer.
import tensorflow as tf
from tensorflow.keras import layers

IMG = (180, 180)
train_ds = tf.keras.utils.image_dataset_from_directory(
    "flower_photos", validation_split=0.2, subset="training", seed=123,
    image_size=IMG, batch_size=32, label_mode="categorical")
val_ds = tf.keras.utils.image_dataset_from_directory(
    "flower_photos", validation_split=0.2, subset="validation", seed=123,
    image_size=IMG, batch_size=32, label_mode="categorical")
num_classes = len(train_ds.class_names)

AUTOTUNE = tf.data.AUTOTUNE
train_ds = train_ds.cache().shuffle(1000).prefetch(AUTOTUNE)
val_ds = val_ds.cache().prefetch(AUTOTUNE)

model = tf.keras.Sequential([
    layers.Input(shape=IMG + (3,)),
    layers.Rescaling(1.0 / 255),
    layers.RandomFlip("horizontal"),
    layers.Conv2D(16, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(32, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Dropout(0.2),
    layers.Flatten(),
    layers.Dense(128, activation="relu"),
    layers.Dense(num_classes),
    layers.Activation("softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(train_ds, validation_data=val_ds, epochs=15)
