"""Baselines for the Iris-like flower measurements: softmax regression and a small MLP.

Zero-initialised output layers are standard for (multinomial) logistic regression.
"""
import numpy as np
import keras
from keras import layers

SPECIES = ["setosa", "versicolor", "virginica"]


def softmax_regression(n_features, n_classes=len(SPECIES)):
    return keras.Sequential([
        keras.Input(shape=(n_features,)),
        layers.Dense(n_classes, activation="softmax", kernel_initializer="zeros"),
    ], name="softmax_regression")


def small_mlp(n_features, n_classes=len(SPECIES)):
    inputs = keras.Input(shape=(n_features,))
    x = layers.Dense(16, activation="relu",
                     kernel_initializer=keras.initializers.GlorotUniform(),
                     bias_initializer=keras.initializers.Constant(0.01))(inputs)
    x = layers.LayerNormalization(gamma_initializer="ones", beta_initializer="zeros")(x)
    outputs = layers.Dense(n_classes, activation="softmax",
                           kernel_initializer=keras.initializers.Zeros())(x)
    return keras.Model(inputs, outputs, name="mlp")


def petal_width_regressor(n_features):
    return keras.Sequential([
        keras.Input(shape=(n_features,)),
        layers.Dense(1, kernel_initializer=keras.initializers.Constant(0.0)),
    ], name="linreg")


if __name__ == "__main__":
    keras.utils.set_random_seed(150)
    table = np.genfromtxt("iris.csv", delimiter=",", skip_header=1, dtype="float32")
    rng = np.random.default_rng(150)
    table = table[rng.permutation(len(table))]
    x, y = table[:, :4], table[:, 4].astype("int32")
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    for build in (softmax_regression, small_mlp):
        model = build(4)
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1),
                      loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        model.fit(x[:120], y[:120], epochs=100, batch_size=16, verbose=0)
        print(model.name, model.evaluate(x[120:], y[120:], verbose=0))
    reg = petal_width_regressor(3)
    reg.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05), loss="mse", metrics=["mae"])
    reg.fit(x[:120, :3], x[:120, 3], epochs=50, batch_size=16, verbose=0)
    print("linreg mae", reg.evaluate(x[120:, :3], x[120:, 3], verbose=0)[1])
