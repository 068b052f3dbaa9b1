"""Cats vs dogs with MobileNetV2, two-phase training.

After unfreezing for fine-tuning, validation accuracy drops from 0.95 to 0.6
on the first epoch and never recovers.
"""
import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(2)

IMG_SIZE = (160, 160)
IMG_SHAPE = IMG_SIZE + (3,)

train_images = np.random.randint(0, 256, size=(320,) + IMG_SHAPE).astype("float32")
train_labels = np.random.randint(0, 2, size=(320,)).astype("float32")
val_images = np.random.randint(0, 256, size=(80,) + IMG_SHAPE).astype("float32")
val_labels = np.random.randint(0, 2, size=(80,)).astype("float32")

data_augmentation = tf.keras.Sequential([
    tf.keras.layers.RandomFlip("horizontal"),
    tf.keras.layers.RandomRotation(0.2),
])
preprocess_input = tf.keras.applications.mobilenet_v2.preprocess_input

base_model = tf.keras.applications.MobileNetV2(input_shape=IMG_SHAPE,
                                               include_top=False,
                                               weights="imagenet")
base_model.trainable = False

inputs = tf.keras.Input(shape=IMG_SHAPE)
x = data_augmentation(inputs)
x = preprocess_input(x)
x = base_model(x)  # expect: KL805
x = tf.keras.layers.GlobalAveragePooling2D()(x)
x = tf.keras.layers.Dropout(0.2)(x)
outputs = tf.keras.layers.Dense(1)(x)
model = tf.keras.Model(inputs, outputs)

base_learning_rate = 0.0001
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=base_learning_rate),
              loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
              metrics=[tf.keras.metrics.BinaryAccuracy(threshold=0.0, name="accuracy")])
history = model.fit(train_images, train_labels, epochs=10, batch_size=32,
                    validation_data=(val_images, val_labels))

# ---- fine-tuning ----
base_model.trainable = True
fine_tune_at = 100
for layer in base_model.layers[:fine_tune_at]:
    layer.trainable = False

model.compile(optimizer=tf.keras.optimizers.RMSprop(learning_rate=base_learning_rate / 10),
              loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
              metrics=[tf.keras.metrics.BinaryAccuracy(threshold=0.0, name="accuracy")])
history_fine = model.fit(train_images, train_labels, epochs=20, initial_epoch=10,
                         batch_size=32, validation_data=(val_images, val_labels))
