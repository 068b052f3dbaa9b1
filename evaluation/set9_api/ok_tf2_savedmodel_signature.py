# TF2 serving export: the "placeholder" of TF1 days is a TensorSpec in the input signature, and
# there is no Session - TrainingSession below is just our own experiment bookkeeping class.
import time

import numpy as np
import tensorflow as tf
from tensorflow import keras

tf.random.set_seed(606)


class TrainingSession:
    """Book-keeping for one training run (id, timings, metrics)."""

    def __init__(self, session_id):
        self.session_id = session_id
        self.started = time.time()
        self.metrics = {}

    def log(self, **kwargs):
        self.metrics.update(kwargs)

    def summary(self):
        return {"session_id": self.session_id, "seconds": time.time() - self.started, **self.metrics}


session = TrainingSession("housing-2024-06")

(x_train, y_train), (x_test, y_test) = keras.datasets.boston_housing.load_data()
mean, std = x_train.mean(axis=0), x_train.std(axis=0)
x_train = ((x_train - mean) / std).astype("float32")
x_test = ((x_test - mean) / std).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(13,)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse", metrics=["mae"])
history = model.fit(x_train, y_train, epochs=100, batch_size=16, validation_split=0.2, verbose=0)
session.log(val_mae=float(history.history["val_mae"][-1]))


class Exportable(tf.Module):
    def __init__(self, model, mean, std):
        super().__init__()
        self.model = model
        self.mean = tf.constant(mean, dtype=tf.float32)
        self.std = tf.constant(std, dtype=tf.float32)

    @tf.function(input_signature=[tf.TensorSpec(shape=[None, 13], dtype=tf.float32, name="raw_features")])
    def serve(self, raw_features):
        return {"price": self.model((raw_features - self.mean) / self.std, training=False)}


exportable = Exportable(model, mean, std)
tf.saved_model.save(exportable, "export/housing/1", signatures={"serving_default": exportable.serve})

writer = tf.summary.create_file_writer("logs/housing")
with writer.as_default():
    tf.summary.scalar("val_mae", session.metrics["val_mae"], step=0)
print(session.summary())
