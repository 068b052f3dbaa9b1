"""Knowledge distillation student with a learnable softmax temperature (Keras 3 / TF backend).

After training, the saved .keras file has no temperature and reloading gives
different predictions.
"""
import numpy as np
import tensorflow as tf
import keras
from keras import layers

keras.utils.set_random_seed(14)

NUM_CLASSES = 10
(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_train = x_train[:10000].astype("float32") / 255.0
y_train = y_train[:10000]
x_test = x_test.astype("float32") / 255.0


@keras.saving.register_keras_serializable(package="distill")
class Student(keras.Model):
    def __init__(self, num_classes=NUM_CLASSES, **kwargs):
        super().__init__(**kwargs)
        self.features = keras.Sequential([
            layers.Conv2D(32, 3, padding="same", activation="relu"),
            layers.MaxPooling2D(),
            layers.Conv2D(64, 3, padding="same", activation="relu"),
            layers.GlobalAveragePooling2D(),
        ])
        self.logits = layers.Dense(num_classes)
        self.log_temperature = tf.Variable(0.0, trainable=True, name="log_temperature")  # expect: KL808

    def call(self, x):
        z = self.logits(self.features(x))
        return tf.nn.softmax(z / tf.exp(self.log_temperature))

    def get_config(self):
        config = super().get_config()
        config.update({"num_classes": self.logits.units})
        return config


student = Student()
student.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
student.fit(x_train, y_train, epochs=3, batch_size=64, validation_data=(x_test, y_test))
student.save("student.keras")
