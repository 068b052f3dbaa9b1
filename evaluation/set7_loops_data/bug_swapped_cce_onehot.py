# Loss is negative / accuracy stuck at chance with categorical crossentropy in my loop.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.random.set_seed(33)

NUM_CLASSES = 10
(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0
y_train = keras.utils.to_categorical(y_train, NUM_CLASSES)
y_test = keras.utils.to_categorical(y_test, NUM_CLASSES)

train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(50000).batch(64).prefetch(tf.data.AUTOTUNE)

model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(32, 3, activation="relu", padding="same"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, activation="relu", padding="same"),
    layers.MaxPooling2D(),
    layers.Conv2D(128, 3, activation="relu", padding="same"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(NUM_CLASSES, activation="softmax"),
])

loss_fn = keras.losses.CategoricalCrossentropy()
optimizer = keras.optimizers.Adam(1e-3)
train_acc = keras.metrics.CategoricalAccuracy()
train_loss = keras.metrics.Mean()


@tf.function
def train_step(images, labels):
    with tf.GradientTape() as tape:
        predictions = model(images, training=True)
        loss = loss_fn(predictions, labels)  # expect: KL212
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    train_loss.update_state(loss)
    train_acc.update_state(labels, predictions)


for epoch in range(10):
    train_loss.reset_state()
    train_acc.reset_state()
    for images, labels in train_ds:
        train_step(images, labels)
    test_pred = model.predict(x_test, batch_size=512, verbose=0)
    test_acc = np.mean(np.argmax(test_pred, 1) == np.argmax(y_test, 1))
    print(f"epoch {epoch}: loss {train_loss.result():.4f} acc {train_acc.result():.4f} test {test_acc:.4f}")
