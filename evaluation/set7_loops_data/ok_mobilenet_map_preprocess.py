# Transfer learning with MobileNetV2; preprocess_input is applied in the tf.data pipeline
# instead of inside the model.
import os

import tensorflow as tf

tf.keras.utils.set_random_seed(1)

PATH = "cats_and_dogs_filtered"
BATCH_SIZE = 32
IMG_SIZE = (160, 160)
AUTOTUNE = tf.data.AUTOTUNE
preprocess_input = tf.keras.applications.mobilenet_v2.preprocess_input

train_dataset = tf.keras.utils.image_dataset_from_directory(
    os.path.join(PATH, "train"), shuffle=True, batch_size=BATCH_SIZE, image_size=IMG_SIZE)
validation_dataset = tf.keras.utils.image_dataset_from_directory(
    os.path.join(PATH, "validation"), shuffle=False, batch_size=BATCH_SIZE, image_size=IMG_SIZE)

augment = tf.keras.Sequential([
    tf.keras.layers.RandomFlip("horizontal"),
    tf.keras.layers.RandomRotation(0.2),
])

train_dataset = train_dataset.map(lambda x, y: (preprocess_input(augment(x, training=True)), y),
                                  num_parallel_calls=AUTOTUNE).prefetch(AUTOTUNE)
validation_dataset = validation_dataset.map(lambda x, y: (preprocess_input(x), y),
                                            num_parallel_calls=AUTOTUNE).prefetch(AUTOTUNE)

base_model = tf.keras.applications.MobileNetV2(input_shape=IMG_SIZE + (3,),
                                               include_top=False, weights="imagenet")
base_model.trainable = False

inputs = tf.keras.Input(shape=IMG_SIZE + (3,))
x = base_model(inputs, training=False)
x = tf.keras.layers.GlobalAveragePooling2D()(x)
x = tf.keras.layers.Dropout(0.2)(x)
outputs = tf.keras.layers.Dense(1)(x)
model = tf.keras.Model(inputs, outputs)

model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=1e-4),
              loss=tf.keras.losses.BinaryCrossentropy(from_logits=True),
              metrics=[tf.keras.metrics.BinaryAccuracy(threshold=0.0, name="accuracy")])
model.fit(train_dataset, epochs=10, validation_data=validation_dataset)
