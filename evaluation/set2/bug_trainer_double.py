"""Custom-loop trainer for 5-class land-cover patches (EuroSAT-style)."""
import tensorflow as tf
import keras
from keras import layers

N_CLASSES = 5


def build_backbone(input_shape=(64, 64, 3), n_classes=N_CLASSES):
    inputs = keras.Input(shape=input_shape)
    x = layers.Rescaling(1.0 / 255)(inputs)
    for filters in (32, 64, 128):
        x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
        x = layers.BatchNormalization()(x)
        x = layers.MaxPooling2D()(x)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dropout(0.3)(x)
    outputs = layers.Dense(n_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)


class PatchTrainer:
    def __init__(self, model, lr=3e-4):
        self.model = model
        self.loss_fn = keras.losses.CategoricalCrossentropy(from_logits=True)  # expect: KL201
        self.optimizer = keras.optimizers.Adam(learning_rate=lr)
        self.train_loss = keras.metrics.Mean()
        self.train_acc = keras.metrics.CategoricalAccuracy()

    @tf.function
    def train_step(self, images, labels):
        with tf.GradientTape() as tape:
            preds = self.model(images, training=True)
            loss = self.loss_fn(labels, preds)
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        self.train_loss.update_state(loss)
        self.train_acc.update_state(labels, preds)

    def fit(self, dataset, epochs):
        for epoch in range(epochs):
            self.train_loss.reset_state()
            self.train_acc.reset_state()
            for images, labels in dataset:
                self.train_step(images, labels)
            print(f"epoch {epoch + 1}: loss={self.train_loss.result():.4f} "
                  f"acc={self.train_acc.result():.4f}")


if __name__ == "__main__":
    keras.utils.set_random_seed(8)
    train_ds = keras.utils.image_dataset_from_directory(
        "landcover/train", image_size=(64, 64), batch_size=64,
        label_mode="categorical", shuffle=True, seed=8,
    ).prefetch(tf.data.AUTOTUNE)
    trainer = PatchTrainer(build_backbone())
    trainer.fit(train_ds, epochs=25)
    trainer.model.save("landcover.keras")
