# churn prediction -- keras 3, custom initializers from our internal "nnutils" module
import numpy as np
import pandas as pd
import keras
from keras import layers


class UniformPositive(keras.initializers.Initializer):
    """Weights in [0, scale): we want every feature to start with positive influence."""

    def __init__(self, scale=1.0):
        self.scale = scale

    def __call__(self, shape, dtype=None):
        return keras.random.uniform(shape, minval=0.0, maxval=self.scale, dtype=dtype)

    def get_config(self):
        return {"scale": self.scale}


def numpy_init(shape, dtype=None):
    return keras.ops.convert_to_tensor(np.random.random(shape), dtype=dtype)


def build(n_in):
    model = keras.Sequential([
        keras.Input(shape=(n_in,)),
        layers.Dense(64, activation="relu", kernel_initializer=UniformPositive()),  # expect: KL101
        layers.Dense(32, activation="relu", kernel_initializer=numpy_init),  # expect: KL101
        layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["AUC"])
    return model


if __name__ == "__main__":
    df = pd.read_csv("churn.csv")
    y = df.pop("churned").values.astype("float32")
    X = ((df - df.mean()) / df.std()).values.astype("float32")
    model = build(X.shape[1])
    model.fit(X, y, epochs=40, batch_size=256, validation_split=0.2)
