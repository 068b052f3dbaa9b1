"""Step-decay SGD with momentum on a custom loop.

A new optimizer is built at every epoch with the decayed rate, and a fresh tf.function
train step is created for it. Training becomes noticeably worse than Keras' fit() with a
LearningRateScheduler on the same schedule.
"""
import math

import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(101)

BATCH = 128
EPOCHS = 30
BASE_LR = 0.05

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0

train_ds = (tf.data.Dataset.from_tensor_slices((x_train, y_train))
            .shuffle(50000).batch(BATCH).prefetch(tf.data.AUTOTUNE))
test_ds = tf.data.Dataset.from_tensor_slices((x_test, y_test)).batch(512).prefetch(tf.data.AUTOTUNE)


def build():
    inputs = keras.Input((32, 32, 3))
    x = inputs
    for filters in (32, 64, 128):
        x = layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
        x = layers.BatchNormalization()(x)
        x = layers.ReLU()(x)
        x = layers.MaxPooling2D()(x)
    x = layers.GlobalAveragePooling2D()(x)
    return keras.Model(inputs, layers.Dense(10)(x))


def step_decay(epoch):
    return BASE_LR * math.pow(0.5, epoch // 10)


def make_train_step(model, optimizer, loss_fn, loss_metric):
    @tf.function
    def train_step(x, y):
        with tf.GradientTape() as tape:
            logits = model(x, training=True)
            loss = loss_fn(y, logits)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        loss_metric.update_state(loss)
    return train_step


model = build()
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
train_loss = keras.metrics.Mean()
test_acc = keras.metrics.SparseCategoricalAccuracy()


@tf.function
def test_step(x, y):
    test_acc.update_state(y, model(x, training=False))


for epoch in range(EPOCHS):
    optimizer = keras.optimizers.SGD(learning_rate=step_decay(epoch), momentum=0.9)  # expect: KL405
    train_step = make_train_step(model, optimizer, loss_fn, train_loss)
    train_loss.reset_state()
    test_acc.reset_state()
    for x, y in train_ds:
        train_step(x, y)
    for x, y in test_ds:
        test_step(x, y)
    print(f"epoch {epoch}: lr {step_decay(epoch):.4f} loss {train_loss.result():.4f} "
          f"test acc {test_acc.result():.4f}")
