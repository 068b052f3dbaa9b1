# Rock / paper / scissors classifier adapted from my cats-vs-dogs notebook.
# On the Colab GPU it trains (badly, never predicts "scissors"); on my laptop it
# fails with "Received a label value of 2 which is outside the valid range of [0, 2)".
import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, models

tf.keras.utils.set_random_seed(21)

CLASSES = ["rock", "paper", "scissors"]
IMG_SIZE = 64

# stand-in for the images loaded from disk (already scaled to [0, 1])
images = np.random.rand(600, IMG_SIZE, IMG_SIZE, 3).astype("float32")
labels = np.random.randint(0, len(CLASSES), size=(600,))

model = models.Sequential([
    layers.Input(shape=(IMG_SIZE, IMG_SIZE, 3)),
    layers.Conv2D(16, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(128, activation="relu"),
    layers.Dense(2, activation="softmax"),  # expect: KL209
])

model.compile(optimizer="adam",
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
model.fit(images, labels, epochs=8, batch_size=32, validation_split=0.2)

pred = model.predict(images[:5])
print([CLASSES[i] for i in pred.argmax(axis=1)])
