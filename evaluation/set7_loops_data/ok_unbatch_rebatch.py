"""Skin-lesion classifier: per-example shuffling of an already batched directory dataset.

image_dataset_from_directory(shuffle=False) keeps a deterministic file order for
caching; the pipeline unbatches, caches the decoded images, shuffles single examples,
applies random augmentation after the cache, and re-batches.
"""
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(5)

AUTOTUNE = tf.data.AUTOTUNE
IMG = (128, 128)
BATCH = 32

raw_train = keras.utils.image_dataset_from_directory(
    "lesions/train", image_size=IMG, batch_size=64, shuffle=False, label_mode="int")
raw_val = keras.utils.image_dataset_from_directory(
    "lesions/val", image_size=IMG, batch_size=64, shuffle=False, label_mode="int")
num_classes = len(raw_train.class_names)


def augment(image, label):
    image = tf.image.random_flip_left_right(image)
    image = tf.image.random_flip_up_down(image)
    image = tf.image.random_brightness(image, max_delta=20.0)
    return image, label


train_ds = raw_train.unbatch().cache().shuffle(2000).map(augment, num_parallel_calls=AUTOTUNE).batch(BATCH)
train_ds = train_ds.prefetch(AUTOTUNE)
val_ds = raw_val.cache().prefetch(AUTOTUNE)

inputs = keras.Input(shape=IMG + (3,))
x = layers.Rescaling(1.0 / 255)(inputs)
for filters in (32, 64, 128):
    x = layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU()(x)
    x = layers.MaxPooling2D()(x)
x = layers.GlobalAveragePooling2D()(x)
x = layers.Dropout(0.3)(x)
outputs = layers.Dense(num_classes)(x)
model = keras.Model(inputs, outputs)

model.compile(optimizer=keras.optimizers.Adam(1e-3),
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
model.fit(train_ds, validation_data=val_ds, epochs=20)
