"""Fashion-MNIST with a hand-written training loop (GradientTape + tf.function)."""
import time

import numpy as np
import tensorflow as tf
import keras
from keras import layers

SEED = 7
BATCH_SIZE = 128
EPOCHS = 12
NUM_CLASSES = 10
CLASS_NAMES = ["T-shirt", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


def get_datasets():
    (x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
    x_train = (x_train.astype("float32") / 255.0)[..., None]
    x_test = (x_test.astype("float32") / 255.0)[..., None]
    y_train = y_train.astype("int32")
    y_test = y_test.astype("int32")
    train = (tf.data.Dataset.from_tensor_slices((x_train, y_train))
             .shuffle(60000, seed=SEED)
             .batch(BATCH_SIZE, drop_remainder=True)
             .prefetch(tf.data.AUTOTUNE))
    test = tf.data.Dataset.from_tensor_slices((x_test, y_test)).batch(512).prefetch(tf.data.AUTOTUNE)
    return train, test


def build_model():
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(32, 3, activation="relu", kernel_initializer="he_uniform"),
        layers.BatchNormalization(),
        layers.MaxPooling2D(),
        layers.Conv2D(64, 3, activation="relu", kernel_initializer="he_uniform"),
        layers.BatchNormalization(),
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dense(256, activation="relu"),
        layers.Dropout(0.5),
        layers.Dense(NUM_CLASSES),  # logits
    ])


keras.utils.set_random_seed(SEED)
train_ds, test_ds = get_datasets()
model = build_model()
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
optimizer = keras.optimizers.Adam(learning_rate=1e-3)

train_loss = keras.metrics.Mean(name="train_loss")
train_acc = keras.metrics.SparseCategoricalAccuracy(name="train_acc")
test_loss = keras.metrics.Mean(name="test_loss")
test_acc = keras.metrics.SparseCategoricalAccuracy(name="test_acc")


@tf.function
def train_step(images, labels):
    with tf.GradientTape() as tape:
        logits = model(images, training=True)
        loss = loss_fn(labels, logits)
        loss += tf.add_n(model.losses) if model.losses else 0.0
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    train_loss.update_state(loss)
    train_acc.update_state(labels, logits)


@tf.function
def test_step(images, labels):
    logits = model(images, training=False)
    test_loss.update_state(loss_fn(labels, logits))
    test_acc.update_state(labels, logits)


for epoch in range(EPOCHS):
    start = time.time()
    for metric in (train_loss, train_acc, test_loss, test_acc):
        metric.reset_state()
    for images, labels in train_ds:
        train_step(images, labels)
    for images, labels in test_ds:
        test_step(images, labels)
    print(f"epoch {epoch + 1:02d} ({time.time() - start:.1f}s) "
          f"loss={train_loss.result():.4f} acc={train_acc.result():.4f} "
          f"val_loss={test_loss.result():.4f} val_acc={test_acc.result():.4f}")

# confidence report on the test set
all_probs, all_labels = [], []
for images, labels in test_ds:
    logits = model(images, training=False)
    all_probs.append(tf.nn.softmax(logits, axis=-1).numpy())
    all_labels.append(labels.numpy())
probs = np.concatenate(all_probs)
labels = np.concatenate(all_labels)
pred = probs.argmax(axis=1)
for k, name in enumerate(CLASS_NAMES):
    mask = labels == k
    print(f"{name:12s} acc={np.mean(pred[mask] == k):.3f} conf={probs[mask, k].mean():.3f}")
model.save("fashion_logits.keras")
