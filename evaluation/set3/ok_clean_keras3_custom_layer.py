"""Keras 3 (keras.ops) custom dense layer + logits classifier, backend agnostic."""
import keras
from keras import layers, ops


@keras.saving.register_keras_serializable()
class GatedDense(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        d = input_shape[-1]
        self.kernel = self.add_weight(shape=(d, 2 * self.units), initializer="glorot_uniform",
                                      name="kernel")
        self.bias = self.add_weight(shape=(2 * self.units,), initializer="zeros", name="bias")
        self.scale = self.add_weight(shape=(self.units,), initializer="ones", name="scale")

    def call(self, x):
        h = ops.matmul(x, self.kernel) + self.bias
        a, g = ops.split(h, 2, axis=-1)
        return self.scale * a * ops.sigmoid(g)

    def get_config(self):
        return {**super().get_config(), "units": self.units}


keras.utils.set_random_seed(7)
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
x_test = x_test.reshape(-1, 784).astype("float32") / 255.0

inputs = keras.Input(shape=(784,))
x = GatedDense(256)(inputs)
x = layers.Dropout(0.2)(x)
x = GatedDense(128)(x)
outputs = layers.Dense(10)(x)
model = keras.Model(inputs, outputs)

model.compile(optimizer=keras.optimizers.Adam(1e-3),
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=[keras.metrics.SparseCategoricalAccuracy(name="acc")])
model.fit(x_train, y_train, batch_size=128, epochs=5, validation_split=0.1)
print(model.evaluate(x_test, y_test, return_dict=True))
