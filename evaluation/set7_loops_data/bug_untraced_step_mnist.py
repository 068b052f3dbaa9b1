# Custom loop on MNIST takes 3 minutes per epoch, model.fit takes 8 seconds. Same model.
import time

import tensorflow as tf

tf.random.set_seed(123)

(x_train, y_train), _ = tf.keras.datasets.mnist.load_data()
x_train = x_train.astype("float32") / 255.0

ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(60000).batch(32).prefetch(tf.data.AUTOTUNE)

model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(28, 28)),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(128, activation="relu"),
    tf.keras.layers.Dense(10),
])
loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
optimizer = tf.keras.optimizers.Adam()
acc = tf.keras.metrics.SparseCategoricalAccuracy()
mean_loss = tf.keras.metrics.Mean()


def train_step(images, labels):  # expect: KL404
    with tf.GradientTape() as tape:
        logits = model(images, training=True)
        loss = loss_fn(labels, logits)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    acc.update_state(labels, logits)
    mean_loss.update_state(loss)


for epoch in range(5):
    start = time.time()
    acc.reset_state()
    mean_loss.reset_state()
    for images, labels in ds:
        train_step(images, labels)
    print(f"epoch {epoch}: loss={mean_loss.result():.4f} acc={acc.result():.4f} "
          f"time={time.time() - start:.1f}s")
