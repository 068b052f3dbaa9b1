"""trainer.py (tf_keras) -- class-based binary classifier with a custom loop.

Sigmoid output + BinaryCrossentropy() on probabilities, He-initialised hidden
layers, zero-mean small uniform init on the wide input layer.
"""
import numpy as np
import tensorflow as tf
import tf_keras as keras


class Trainer:
    def __init__(self, n_features, lr=1e-3, seed=0):
        keras.utils.set_random_seed(seed)
        self.model = keras.Sequential([
            keras.layers.Dense(256, activation="relu", input_shape=(n_features,),
                               kernel_initializer=keras.initializers.RandomUniform(-0.05, 0.05)),
            keras.layers.BatchNormalization(gamma_initializer="ones", beta_initializer="zeros"),
            keras.layers.Dense(64, activation="relu", kernel_initializer="he_normal",
                               bias_initializer=keras.initializers.Constant(0.01)),
            keras.layers.Dense(1, activation="sigmoid"),
        ])
        self.loss_fn = keras.losses.BinaryCrossentropy()
        self.optimizer = keras.optimizers.Adam(learning_rate=lr)
        self.metric = keras.metrics.AUC()

    @tf.function
    def train_step(self, x, y):
        with tf.GradientTape() as tape:
            p = self.model(x, training=True)
            loss = self.loss_fn(y, p)
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        self.metric.update_state(y, p)
        return loss

    def fit(self, x, y, epochs=5, batch_size=256):
        ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(len(x)).batch(batch_size).prefetch(2)
        for epoch in range(epochs):
            self.metric.reset_state()
            total, n = 0.0, 0
            for xb, yb in ds:
                total += float(self.train_step(xb, yb))
                n += 1
            print(f"epoch {epoch}: loss {total / n:.4f} auc {float(self.metric.result()):.4f}")


if __name__ == "__main__":
    x = np.random.randn(20000, 300).astype("float32")
    y = (x[:, :10].sum(1) > 0).astype("float32")[:, None]
    Trainer(300).fit(x, y)
