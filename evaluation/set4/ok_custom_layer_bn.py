# Custom dense layer with proper initializers + batch norm; trains like keras Dense
import numpy as np
import tensorflow as tf
from tensorflow import keras


class MyDense(keras.layers.Layer):
    def __init__(self, units=32, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units),
                                 initializer='glorot_uniform',
                                 trainable=True)
        self.b = self.add_weight(shape=(self.units,), initializer='zeros', trainable=True)
        self.scale = self.add_weight(shape=(self.units,), initializer='ones', trainable=True)

    def call(self, inputs):
        return (tf.matmul(inputs, self.w) + self.b) * self.scale

    def get_config(self):
        config = super().get_config()
        config.update({'units': self.units})
        return config


(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype('float32') / 255.0
x_test = x_test.reshape(-1, 784).astype('float32') / 255.0

inputs = keras.Input(shape=(784,))
x = MyDense(128)(inputs)
x = keras.layers.BatchNormalization(gamma_initializer='ones', beta_initializer='zeros')(x)
x = keras.layers.Activation('relu')(x)
x = keras.layers.Dense(64, activation='relu', kernel_initializer='he_uniform',
                       bias_initializer=keras.initializers.Constant(0.01))(x)
outputs = keras.layers.Dense(10, activation='softmax')(x)
model = keras.Model(inputs, outputs)

model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
model.fit(x_train, y_train, epochs=5, batch_size=64, validation_data=(x_test, y_test))
