# Smoke-testing my training pipeline with dummy data before plugging in the real
# 32x32 RGB crops. The model is the MNIST net from my previous project.
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(123)

NUM_CLASSES = 10
x_train = np.zeros((1000, 32, 32, 3), dtype="float32")
y_train = np.random.randint(0, NUM_CLASSES, size=(1000,))


def get_model():
    inputs = keras.Input(shape=(28, 28, 1))  # expect: KL507
    x = layers.Conv2D(32, 3, activation="relu")(inputs)
    x = layers.MaxPooling2D()(x)
    x = layers.Conv2D(64, 3, activation="relu")(x)
    x = layers.MaxPooling2D()(x)
    x = layers.Flatten()(x)
    x = layers.Dropout(0.5)(x)
    outputs = layers.Dense(NUM_CLASSES, activation="softmax")(x)
    return keras.Model(inputs, outputs)


model = get_model()
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=128, epochs=2, validation_split=0.1)
