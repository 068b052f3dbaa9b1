"""Class-based trainer for a small ViT-style patch classifier (CIFAR-10), logits output."""
import tensorflow as tf
import keras
from keras import layers


def patch_classifier(n_classes=10, patch=4, dim=128, depth=4, heads=4):
    inputs = keras.Input(shape=(32, 32, 3))
    x = layers.Conv2D(dim, patch, strides=patch)(inputs)              # patch embedding
    x = layers.Reshape(((32 // patch) ** 2, dim))(x)
    for _ in range(depth):
        h = layers.LayerNormalization()(x)
        h = layers.MultiHeadAttention(num_heads=heads, key_dim=dim // heads)(h, h)
        x = layers.Add()([x, h])
        h = layers.LayerNormalization()(x)
        h = layers.Dense(dim * 2, activation="gelu")(h)
        h = layers.Dense(dim)(h)
        x = layers.Add()([x, h])
    x = layers.GlobalAveragePooling1D()(layers.LayerNormalization()(x))
    return keras.Model(inputs, layers.Dense(n_classes, name="logits")(x))


class Trainer:
    def __init__(self, model, lr=5e-4):
        self.model = model
        self.loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        self.optimizer = keras.optimizers.AdamW(learning_rate=lr, weight_decay=0.05)
        self.acc = keras.metrics.SparseCategoricalAccuracy()
        self.mean_loss = keras.metrics.Mean()

    @tf.function
    def step(self, x, y):
        with tf.GradientTape() as tape:
            logits = self.model(x, training=True)
            loss = self.loss_fn(y, logits)
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        self.acc.update_state(y, logits)
        self.mean_loss.update_state(loss)

    def run(self, ds, epochs):
        for epoch in range(epochs):
            self.acc.reset_state()
            self.mean_loss.reset_state()
            for x, y in ds:
                self.step(x, y)
            print(epoch, float(self.mean_loss.result()), float(self.acc.result()))


if __name__ == "__main__":
    keras.utils.set_random_seed(10)
    (x, y), _ = keras.datasets.cifar10.load_data()
    x = x.astype("float32") / 255.0
    ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(50000).batch(128).prefetch(tf.data.AUTOTUNE)
    Trainer(patch_classifier()).run(ds, epochs=30)
