"""Satellite tile classifier assembled from helper functions (EuroSAT-like, 10 classes).

models.py / train.py merged into one file for the question.
"""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

NUM_CLASSES = 10
TILE = 64


# ----------------------------- models.py -----------------------------
def conv_bn_block(x, filters, name):
    """Conv -> BN -> ReLU -> MaxPool, halves the spatial size."""
    x = layers.Conv2D(filters, 3, padding="same", use_bias=False, name=f"{name}_conv")(x)
    x = layers.BatchNormalization(name=f"{name}_bn")(x)
    x = layers.ReLU(name=f"{name}_relu")(x)
    return layers.MaxPooling2D(2, name=f"{name}_pool")(x)


def feature_extractor(inputs, widths=(32, 64, 128)):
    x = inputs
    for i, w in enumerate(widths):
        x = conv_bn_block(x, w, f"stage{i + 1}")
    return x                      # (batch, 8, 8, 128) for 64x64 tiles


def classification_head(features, num_classes, dropout=0.3):
    x = layers.Dense(256, activation="relu", name="head_fc")(features)  # expect: KL806
    x = layers.Dropout(dropout)(x)
    x = layers.Flatten()(x)
    return layers.Dense(num_classes, activation="softmax", name="head_out")(x)


def build_classifier(input_shape=(TILE, TILE, 3), num_classes=NUM_CLASSES):
    inputs = keras.Input(shape=input_shape)
    feats = feature_extractor(inputs)
    outputs = classification_head(feats, num_classes)
    return keras.Model(inputs, outputs, name="tile_classifier")


# ----------------------------- train.py ------------------------------
def get_data(n=800):
    x = np.random.rand(n, TILE, TILE, 3).astype("float32")
    y = np.random.randint(0, NUM_CLASSES, size=(n,))
    return x, y


if __name__ == "__main__":
    keras.utils.set_random_seed(0)
    x, y = get_data()
    model = build_classifier()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(x, y, epochs=10, batch_size=32, validation_split=0.2)
