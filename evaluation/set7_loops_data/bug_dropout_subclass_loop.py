# Custom training loop (adapted from "writing a training loop from scratch").
# Validation accuracy is higher than training accuracy at every epoch and the model
# overfits as if Dropout wasn't there.
import numpy as np
import tensorflow as tf
import keras
from keras import layers

keras.utils.set_random_seed(42)


class MLP(keras.Model):
    def __init__(self, num_classes=10, rate=0.4):
        super().__init__()
        self.dense1 = layers.Dense(256, activation="relu")
        self.dropout1 = layers.Dropout(rate)
        self.dense2 = layers.Dense(128, activation="relu")
        self.dropout2 = layers.Dropout(rate)
        self.classifier = layers.Dense(num_classes)

    def call(self, inputs, training=False):
        x = self.dense1(inputs)
        x = self.dropout1(x, training=training)
        x = self.dense2(x)
        x = self.dropout2(x, training=training)
        return self.classifier(x)


(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = np.reshape(x_train, (-1, 784)).astype("float32") / 255.0
x_test = np.reshape(x_test, (-1, 784)).astype("float32") / 255.0

x_val, y_val = x_train[-10000:], y_train[-10000:]
x_train, y_train = x_train[:-10000], y_train[:-10000]

batch_size = 64
train_dataset = tf.data.Dataset.from_tensor_slices((x_train, y_train))
train_dataset = train_dataset.shuffle(buffer_size=1024).batch(batch_size).prefetch(tf.data.AUTOTUNE)
val_dataset = tf.data.Dataset.from_tensor_slices((x_val, y_val)).batch(batch_size).prefetch(tf.data.AUTOTUNE)

model = MLP()
optimizer = keras.optimizers.Adam(learning_rate=1e-3)
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

train_loss_metric = keras.metrics.Mean()
train_acc_metric = keras.metrics.SparseCategoricalAccuracy()
val_acc_metric = keras.metrics.SparseCategoricalAccuracy()


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        logits = model(x)  # expect: KL401
        loss_value = loss_fn(y, logits)
    grads = tape.gradient(loss_value, model.trainable_weights)
    optimizer.apply_gradients(zip(grads, model.trainable_weights))
    train_loss_metric.update_state(loss_value)
    train_acc_metric.update_state(y, logits)
    return loss_value


@tf.function
def test_step(x, y):
    val_logits = model(x, training=False)
    val_acc_metric.update_state(y, val_logits)


epochs = 10
for epoch in range(epochs):
    for x_batch_train, y_batch_train in train_dataset:
        train_step(x_batch_train, y_batch_train)
    for x_batch_val, y_batch_val in val_dataset:
        test_step(x_batch_val, y_batch_val)

    print(
        "epoch %d: loss %.4f  train acc %.4f  val acc %.4f"
        % (epoch, float(train_loss_metric.result()), float(train_acc_metric.result()),
           float(val_acc_metric.result()))
    )
    train_loss_metric.reset_state()
    train_acc_metric.reset_state()
    val_acc_metric.reset_state()
