"""models.py - architecture definitions shared by the training scripts.

This module only builds and compiles models; it never trains anything (the training entry
points import it and set their own seeds), so it needs no seeding of its own.
"""
import keras
from keras import layers


def mlp(input_dim, num_classes, hidden=(256, 128), dropout=0.2):
    inputs = keras.Input(shape=(input_dim,))
    x = inputs
    for units in hidden:
        x = layers.Dense(units, activation="relu")(x)
        x = layers.Dropout(dropout)(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="mlp")


def small_cnn(input_shape=(32, 32, 3), num_classes=10):
    inputs = keras.Input(shape=input_shape)
    x = layers.Conv2D(32, 3, padding="same", activation="relu")(inputs)
    x = layers.MaxPooling2D()(x)
    x = layers.Conv2D(64, 3, padding="same", activation="relu")(x)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="small_cnn")


def compile_classifier(model, learning_rate=1e-3):
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
                  loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def count_params(model):
    return sum(int(keras.ops.size(w)) for w in model.trainable_weights)


if __name__ == "__main__":
    candidates = [compile_classifier(mlp(784, 10)), compile_classifier(small_cnn())]
    for m in candidates:
        m.summary()
        print(m.name, count_params(m))
