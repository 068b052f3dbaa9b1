"""Tile classifier assembled from helper functions (fixed head), with the model's
input shape taken from the data it will be trained on."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

NUM_CLASSES = 10
TILE = 64


def conv_bn_block(x, filters, name):
    x = layers.Conv2D(filters, 3, padding="same", use_bias=False, name=f"{name}_conv")(x)
    x = layers.BatchNormalization(name=f"{name}_bn")(x)
    x = layers.ReLU(name=f"{name}_relu")(x)
    return layers.MaxPooling2D(2, name=f"{name}_pool")(x)


def feature_extractor(inputs, widths=(32, 64, 128)):
    x = inputs
    for i, w in enumerate(widths):
        x = conv_bn_block(x, w, f"stage{i + 1}")
    return x


def classification_head(features, num_classes, dropout=0.3):
    x = layers.Flatten(name="head_flatten")(features)
    x = layers.Dense(256, activation="relu", name="head_fc")(x)
    x = layers.Dropout(dropout)(x)
    return layers.Dense(num_classes, activation="softmax", name="head_out")(x)


def build_classifier(input_shape, num_classes=NUM_CLASSES):
    inputs = keras.Input(shape=input_shape)
    outputs = classification_head(feature_extractor(inputs), num_classes)
    return keras.Model(inputs, outputs, name="tile_classifier")


def get_data(n=800):
    x = np.random.rand(n, TILE, TILE, 3).astype("float32")
    y = np.random.randint(0, NUM_CLASSES, size=(n,))
    return x, y


if __name__ == "__main__":
    keras.utils.set_random_seed(0)
    x, y = get_data()
    model = build_classifier(input_shape=x.shape[1:])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(x, y, epochs=10, batch_size=32, validation_split=0.2)
