# Reimplementing Dense from scratch (tutorial: "Writing your own Keras layers")
import tensorflow as tf


class MyDense(tf.keras.layers.Layer):
    def __init__(self, units=32, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.activation = tf.keras.activations.get(activation)

    def build(self, input_shape):
        self.w = self.add_weight(
            name="kernel",
            shape=(input_shape[-1], self.units),
            initializer=tf.keras.initializers.RandomUniform(minval=0.0, maxval=1.0),  # expect: KL101
            trainable=True,
        )
        self.b = self.add_weight(
            name="bias", shape=(self.units,), initializer="zeros", trainable=True
        )

    def call(self, inputs):
        return self.activation(tf.matmul(inputs, self.w) + self.b)

    def get_config(self):
        config = super().get_config()
        config.update({"units": self.units,
                       "activation": tf.keras.activations.serialize(self.activation)})
        return config


(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
x_test = x_test.reshape(-1, 784).astype("float32") / 255.0

model = tf.keras.Sequential([
    tf.keras.Input(shape=(784,)),
    MyDense(128, activation="relu"),
    MyDense(10),
])
model.compile(optimizer="adam",
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
model.fit(x_train, y_train, epochs=3, batch_size=64)
model.evaluate(x_test, y_test)
