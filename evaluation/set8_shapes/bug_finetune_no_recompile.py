"""Transfer learning + fine-tuning, following the Keras guide.

Phase 2 (fine-tuning) gives exactly the same curves as phase 1 continued,
as if the unfrozen layers were not training at all.
"""
import numpy as np
import keras
from keras import layers
from keras.applications import mobilenet_v2

keras.utils.set_random_seed(0)

IMG = 96
N = 256
images = np.random.randint(0, 256, size=(N, IMG, IMG, 3)).astype("float32")
labels = np.random.randint(0, 2, size=(N,)).astype("float32")

base_model = mobilenet_v2.MobileNetV2(
    weights="imagenet", input_shape=(IMG, IMG, 3), include_top=False
)
base_model.trainable = False

inputs = keras.Input(shape=(IMG, IMG, 3))
x = mobilenet_v2.preprocess_input(inputs)
x = base_model(x, training=False)
x = layers.GlobalAveragePooling2D()(x)
x = layers.Dropout(0.2)(x)
outputs = layers.Dense(1)(x)
model = keras.Model(inputs, outputs)

model.compile(
    optimizer=keras.optimizers.Adam(),
    loss=keras.losses.BinaryCrossentropy(from_logits=True),
    metrics=[keras.metrics.BinaryAccuracy(threshold=0.0)],
)
print("Phase 1: training the head")
model.fit(images, labels, epochs=5, batch_size=32, validation_split=0.2)

print("Phase 2: fine-tuning the whole model")
base_model.trainable = True  # expect: KL801
model.fit(images, labels, epochs=5, batch_size=32, validation_split=0.2)
