"""ResNet-20-ish for CIFAR-10 (functional API, helper blocks)."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers, regularizers

WEIGHT_DECAY = 1e-4


def conv_bn(x, filters, kernel_size=3, strides=1):
    x = layers.Conv2D(filters, kernel_size, strides=strides, padding="same",  # expect: KL810
                      kernel_initializer="he_normal",
                      kernel_regularizer=regularizers.l2(WEIGHT_DECAY))(x)
    return layers.BatchNormalization()(x)


def residual_block(x, filters, strides=1):
    shortcut = x
    y = conv_bn(x, filters, strides=strides)
    y = layers.ReLU()(y)
    y = conv_bn(y, filters)
    if strides != 1 or shortcut.shape[-1] != filters:
        shortcut = layers.Conv2D(filters, 1, strides=strides, padding="same", use_bias=False,
                                 kernel_initializer="he_normal")(shortcut)
    y = layers.Add()([y, shortcut])
    return layers.ReLU()(y)


def resnet20(input_shape=(32, 32, 3), num_classes=10):
    inputs = keras.Input(shape=input_shape)
    x = conv_bn(inputs, 16)
    x = layers.ReLU()(x)
    for filters, strides in [(16, 1), (32, 2), (64, 2)]:
        x = residual_block(x, filters, strides)
        x = residual_block(x, filters)
        x = residual_block(x, filters)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="resnet20")


if __name__ == "__main__":
    keras.utils.set_random_seed(2020)
    (x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
    x_train = x_train.astype("float32") / 255.0
    x_test = x_test.astype("float32") / 255.0
    mean = x_train.mean(axis=(0, 1, 2))
    x_train -= mean
    x_test -= mean

    model = resnet20()
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1, momentum=0.9),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    schedule = keras.callbacks.LearningRateScheduler(
        lambda epoch: 0.1 if epoch < 80 else (0.01 if epoch < 120 else 0.001))
    model.fit(x_train, y_train, batch_size=128, epochs=160,
              validation_data=(x_test, y_test), callbacks=[schedule])
