"""Subclassed models/layers whose sublayers are all used, in less obvious ways:

- used through a helper method that call() invokes;
- stored in a list and applied in a loop;
- used only on one branch (training-time augmentation, optional projection);
- metric trackers and a SeedGenerator are created in __init__ but are not layers.
"""
import numpy as np
import tensorflow as tf
import keras
from keras import layers, ops


class ResidualBlock(layers.Layer):
    def __init__(self, filters, strides=1, **kwargs):
        super().__init__(**kwargs)
        self.filters = filters
        self.strides = strides
        self.conv_a = layers.Conv2D(filters, 3, strides=strides, padding="same", use_bias=False)
        self.bn_a = layers.BatchNormalization()
        self.conv_b = layers.Conv2D(filters, 3, padding="same", use_bias=False)
        self.bn_b = layers.BatchNormalization()
        self.project = None
        if strides != 1:
            self.project = layers.Conv2D(filters, 1, strides=strides, use_bias=False)

    def _branch(self, x, training):
        x = ops.relu(self.bn_a(self.conv_a(x), training=training))
        return self.bn_b(self.conv_b(x), training=training)

    def call(self, x, training=None):
        shortcut = x if self.project is None else self.project(x)
        return ops.relu(self._branch(x, training) + shortcut)

    def get_config(self):
        config = super().get_config()
        config.update({"filters": self.filters, "strides": self.strides})
        return config


class SmallResNet(keras.Model):
    def __init__(self, num_classes=10, **kwargs):
        super().__init__(**kwargs)
        self.augment = keras.Sequential([layers.RandomFlip("horizontal"),
                                         layers.RandomTranslation(0.1, 0.1)])
        self.stem = layers.Conv2D(32, 3, padding="same", use_bias=False)
        self.stem_bn = layers.BatchNormalization()
        self.blocks = [ResidualBlock(32), ResidualBlock(64, strides=2), ResidualBlock(128, strides=2)]
        self.pool = layers.GlobalAveragePooling2D()
        self.classifier = layers.Dense(num_classes)
        self.noise_seed = keras.random.SeedGenerator(7)
        self.loss_tracker = keras.metrics.Mean(name="loss")
        self.acc_tracker = keras.metrics.SparseCategoricalAccuracy(name="accuracy")

    def call(self, x, training=False):
        if training:
            x = self.augment(x, training=training)
            x = x + 0.01 * keras.random.normal(ops.shape(x), seed=self.noise_seed)
        x = ops.relu(self.stem_bn(self.stem(x), training=training))
        for block in self.blocks:
            x = block(x, training=training)
        return self.classifier(self.pool(x))

    @property
    def metrics(self):
        return [self.loss_tracker, self.acc_tracker]

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            logits = self(x, training=True)
            loss = self.compute_loss(x=x, y=y, y_pred=logits)
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        self.loss_tracker.update_state(loss)
        self.acc_tracker.update_state(y, logits)
        return {m.name: m.result() for m in self.metrics}


keras.utils.set_random_seed(1)
(x_train, y_train), _ = keras.datasets.cifar10.load_data()
x_train = x_train[:10000].astype("float32") / 255.0
y_train = y_train[:10000]

model = SmallResNet()
model.compile(optimizer="adam",
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(x_train, y_train, epochs=3, batch_size=64)
