"""Tiny CNN for 28x28 sign-language digits (keras 3).

Every conv filter in the first layer ends up identical after training --
visualising layer 0 shows 16 copies of the same kernel.  (Constant(0) was
chosen so that runs are deterministic.)
"""
import numpy as np
import pandas as pd
import keras
from keras import layers

NUM_CLASSES = 10


def build_model():
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(16, 3, activation="relu",
                          kernel_initializer=keras.initializers.Constant(value=0.0)),  # expect: KL103
            layers.MaxPooling2D(),
            layers.Conv2D(32, 3, activation="relu", kernel_initializer="he_normal"),
            layers.GlobalAveragePooling2D(),
            layers.Dense(NUM_CLASSES, activation="softmax"),
        ]
    )
    model.compile(
        optimizer="adam",
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


if __name__ == "__main__":
    df = pd.read_csv("sign_digits_train.csv")
    y = df.pop("label").values.astype("int32")
    x = df.values.reshape(-1, 28, 28, 1).astype("float32") / 255.0
    model = build_model()
    model.fit(x, y, epochs=10, batch_size=128, validation_split=0.15, shuffle=True)
    model.save("sign_cnn.keras")
