# Traffic-sign classifier (GTSRB-like, 43 classes, 32x32). The model is huge and
# slow; I thought the pooling layers were shrinking the feature maps.
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, models

tf.keras.utils.set_random_seed(43)

NUM_CLASSES = 43
x = np.random.rand(3000, 32, 32, 3).astype("float32")
y = np.random.randint(0, NUM_CLASSES, size=(3000,))

model = models.Sequential([
    layers.Input(shape=(32, 32, 3)),
    layers.Conv2D(32, (5, 5), activation="relu"),                 # 28x28
    layers.MaxPooling2D(pool_size=(2, 2)),                        # 14x14
    layers.Conv2D(64, (3, 3), activation="relu"),                 # 12x12
    layers.MaxPooling2D(pool_size=(1, 1)),  # expect: KL813
    layers.Conv2D(64, (3, 3), activation="relu"),                 # 10x10
    layers.Flatten(),
    layers.Dense(256, activation="relu"),
    layers.Dropout(0.5),
    layers.Dense(NUM_CLASSES, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, batch_size=64, epochs=15, validation_split=0.2)
