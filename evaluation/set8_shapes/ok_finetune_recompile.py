"""Transfer learning & fine-tuning done by the book (Keras guide).

base called with training=False so its BatchNorm layers stay in inference mode,
and the model is recompiled after every change of `trainable`.
"""
import numpy as np
import keras
from keras import layers
from keras.applications import xception

keras.utils.set_random_seed(0)

IMG = 150
images = np.random.randint(0, 256, size=(256, IMG, IMG, 3)).astype("float32")
labels = np.random.randint(0, 2, size=(256,)).astype("float32")

base_model = xception.Xception(weights="imagenet", input_shape=(IMG, IMG, 3), include_top=False)
base_model.trainable = False

inputs = keras.Input(shape=(IMG, IMG, 3))
x = layers.RandomFlip("horizontal")(inputs)
x = xception.preprocess_input(x)
x = base_model(x, training=False)
x = layers.GlobalAveragePooling2D()(x)
x = layers.Dropout(0.2)(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)

model.compile(optimizer=keras.optimizers.Adam(),
              loss=keras.losses.BinaryCrossentropy(from_logits=True),
              metrics=[keras.metrics.BinaryAccuracy(threshold=0.0)])
model.fit(images, labels, epochs=5, batch_size=32, validation_split=0.2)

# Unfreeze the base model. It still runs in inference mode since we passed
# training=False when calling it, so the BatchNorm statistics are not updated.
base_model.trainable = True
model.compile(optimizer=keras.optimizers.Adam(1e-5),
              loss=keras.losses.BinaryCrossentropy(from_logits=True),
              metrics=[keras.metrics.BinaryAccuracy(threshold=0.0)])
model.fit(images, labels, epochs=3, batch_size=32, validation_split=0.2)
