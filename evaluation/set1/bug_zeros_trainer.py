"""trainer.py -- small class-based trainer used by our experiments repo."""
import numpy as np
import tensorflow as tf
from tensorflow.keras import initializers, layers, losses, optimizers


class Trainer:
    def __init__(self, n_features, n_classes, lr=1e-3):
        self.n_classes = n_classes
        self.model = self._build(n_features, n_classes)
        self.model.compile(
            optimizer=optimizers.Adam(learning_rate=lr),
            loss=losses.SparseCategoricalCrossentropy(),
            metrics=["accuracy"],
        )

    @staticmethod
    def _build(n_features, n_classes):
        inputs = tf.keras.Input(shape=(n_features,))
        x = layers.Dense(32, activation="relu", kernel_initializer=tf.zeros_initializer(),  # expect: KL103
                         bias_initializer=initializers.Ones())(inputs)
        x = layers.Dense(32, activation="relu", kernel_initializer=initializers.HeNormal())(x)
        outputs = layers.Dense(n_classes, activation="softmax")(x)
        return tf.keras.Model(inputs, outputs)

    def fit(self, x, y, epochs=20):
        return self.model.fit(x, y, epochs=epochs, batch_size=32, validation_split=0.2, verbose=0)

    def report(self, history):
        for k, v in history.history.items():
            print(f"{k}: {v[-1]:.4f}")


if __name__ == "__main__":
    rng = np.random.default_rng(42)
    x = rng.normal(size=(3000, 20)).astype("float32")
    y = (x[:, 0] > 0).astype("int32") + (x[:, 1] > 0).astype("int32")
    trainer = Trainer(20, 3)
    trainer.report(trainer.fit(x, y))
