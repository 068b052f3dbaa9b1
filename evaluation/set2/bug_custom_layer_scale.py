"""Custom dense layer used for a tabular regression head."""
import numpy as np
import tensorflow as tf
from tensorflow import keras


class ReluDense(keras.layers.Layer):
    """Dense layer with a built-in ReLU."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(
            name="kernel",
            shape=(int(input_shape[-1]), self.units),
            initializer=keras.initializers.RandomNormal(stddev=2.0),  # expect: KL102
            trainable=True,
        )
        self.b = self.add_weight(name="bias", shape=(self.units,),
                                 initializer="zeros", trainable=True)

    def call(self, inputs):
        return tf.nn.relu(tf.matmul(inputs, self.w) + self.b)

    def get_config(self):
        config = super().get_config()
        config.update({"units": self.units})
        return config


def build_regressor(n_features):
    inputs = keras.Input(shape=(n_features,))
    x = ReluDense(128)(inputs)
    x = keras.layers.Dense(64, activation="relu")(x)
    outputs = keras.layers.Dense(1)(x)
    return keras.Model(inputs, outputs)


if __name__ == "__main__":
    keras.utils.set_random_seed(5)
    (x_train, y_train), (x_test, y_test) = keras.datasets.boston_housing.load_data()
    mu, sigma = x_train.mean(axis=0), x_train.std(axis=0)
    x_train = ((x_train - mu) / sigma).astype("float32")
    x_test = ((x_test - mu) / sigma).astype("float32")
    model = build_regressor(x_train.shape[1])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse", metrics=["mae"])
    model.fit(x_train, y_train, epochs=100, batch_size=32, validation_split=0.1, verbose=0)
    print("test mae:", model.evaluate(x_test, y_test, verbose=0)[1])
    print(np.round(model.predict(x_test[:5]).ravel(), 1))
