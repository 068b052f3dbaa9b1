# Fixup-style / "zero-init residual" ResNet (Goyal et al. 2017, Zhang et al. 2019):
# the last conv of each residual branch starts at zero so every block is the identity
# at initialisation; the branch is immediately merged by Add with the shortcut.
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


def residual_block(x, filters):
    shortcut = x
    y = layers.Conv2D(filters, 3, padding="same", kernel_initializer="he_normal")(x)
    y = layers.BatchNormalization()(y)
    y = layers.Activation("relu")(y)
    y = layers.Conv2D(filters, 3, padding="same", kernel_initializer="zeros")(y)
    out = layers.Add()([shortcut, y])
    return layers.Activation("relu")(out)


inputs = keras.Input(shape=(32, 32, 3))
x = layers.Conv2D(64, 3, padding="same", kernel_initializer="he_normal")(inputs)
x = layers.BatchNormalization()(x)
x = layers.Activation("relu")(x)
for _ in range(3):
    x = residual_block(x, 64)
x = layers.Conv2D(128, 3, strides=2, padding="same", activation="relu", kernel_initializer="he_normal")(x)
for _ in range(3):
    x = residual_block(x, 128)
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(10, activation="softmax")(x)
model = keras.Model(inputs, outputs)

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0

model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05, momentum=0.9, nesterov=True),
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=128, epochs=5, validation_data=(x_test, y_test))
