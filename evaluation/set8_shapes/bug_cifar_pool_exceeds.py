# Deeper VGG-style net for CIFAR-10. Adding the fifth block made things worse,
# not better. Spatial sizes are in the comments.
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(10)

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0

model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(32, 3, padding="same", activation="relu"),    # 32x32
    layers.MaxPooling2D(2),                                      # 16x16
    layers.Conv2D(64, 3, padding="same", activation="relu"),    # 16x16
    layers.MaxPooling2D(2),                                      # 8x8
    layers.Conv2D(128, 3, padding="same", activation="relu"),   # 8x8
    layers.MaxPooling2D(2),                                      # 4x4
    layers.Conv2D(256, 3, padding="same", activation="relu"),   # 4x4
    layers.MaxPooling2D(2),                                      # 2x2
    layers.Conv2D(256, 3, padding="same", activation="relu"),   # 2x2
    layers.MaxPooling2D(pool_size=(4, 4), padding="same"),  # expect: KL809
    layers.Flatten(),
    layers.Dense(256, activation="relu"),
    layers.Dropout(0.5),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=20, batch_size=64, validation_data=(x_test, y_test))
