"""Plain SGD written by hand (course assignment), with a 1/t learning-rate decay."""
import numpy as np
import tensorflow as tf

tf.random.set_seed(0)

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype(np.float32) / 255.0
x_test = x_test.reshape(-1, 784).astype(np.float32) / 255.0

train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(60000).batch(100).prefetch(tf.data.AUTOTUNE)

model = tf.keras.Sequential([
    tf.keras.Input(shape=(784,)),
    tf.keras.layers.Dense(300, activation="relu"),
    tf.keras.layers.Dense(10),
])
loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
mean_loss = tf.keras.metrics.Mean()


@tf.function
def train_step(x, y, lr):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    for var, grad in zip(model.trainable_variables, grads):
        var.assign_sub(lr * grad)
    return loss


lr0 = 0.5
for epoch in range(20):
    lr = lr0 / (1.0 + 0.5 * epoch)
    mean_loss.reset_state()
    for x, y in train_ds:
        mean_loss.update_state(train_step(x, y, lr))  # expect: KL408
    acc = np.mean(np.argmax(model(x_test, training=False), axis=1) == y_test)
    print(f"epoch {epoch}: lr={lr:.3f} loss={mean_loss.result():.4f} test acc={acc:.4f}")
