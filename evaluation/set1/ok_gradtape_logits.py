"""Keras 3 subclassed CNN with a custom train step: logits + from_logits=True,
one-hot labels with CategoricalCrossentropy."""
import numpy as np
import keras
from keras import layers, ops
import tensorflow as tf

NUM_CLASSES = 10


class SmallCNN(keras.Model):
    def __init__(self, num_classes=NUM_CLASSES, **kwargs):
        super().__init__(**kwargs)
        self.c1 = layers.Conv2D(32, 3, activation="relu")
        self.c2 = layers.Conv2D(64, 3, activation="relu")
        self.pool = layers.GlobalAveragePooling2D()
        self.head = layers.Dense(num_classes)

    def call(self, x, training=False):
        return self.head(self.pool(self.c2(self.c1(x))))


(x_train, y_train), _ = keras.datasets.cifar10.load_data()
x_train = x_train.astype("float32") / 255.0
y_train = keras.utils.to_categorical(y_train, NUM_CLASSES)
ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(10000).batch(128).prefetch(2)

model = SmallCNN()
loss_fn = keras.losses.CategoricalCrossentropy(from_logits=True)
optimizer = keras.optimizers.Adam(1e-3)
acc = keras.metrics.CategoricalAccuracy()


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        logits = model(x, training=True)
        loss = loss_fn(y, logits)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    acc.update_state(y, logits)
    return loss


for epoch in range(10):
    acc.reset_state()
    for xb, yb in ds:
        loss = train_step(xb, yb)
    print(epoch, float(loss), float(acc.result()))

probs = ops.softmax(model(x_train[:8]), axis=-1)
print(np.round(ops.convert_to_numpy(probs), 3))
