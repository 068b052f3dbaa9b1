# Custom training loop for a small MLP on Fashion-MNIST; the loss barely moves in 20 epochs.
import numpy as np
import tensorflow as tf

tf.random.set_seed(90)

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
x_test = x_test.reshape(-1, 784).astype("float32") / 255.0

train_ds = (tf.data.Dataset.from_tensor_slices((x_train, y_train))
            .shuffle(60000)
            .batch(64)
            .prefetch(tf.data.AUTOTUNE))

model = tf.keras.Sequential([
    tf.keras.Input(shape=(784,)),
    tf.keras.layers.Dense(256, activation="relu"),
    tf.keras.layers.Dense(10),
])
loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
optimizer = tf.keras.optimizers.Adam(1e-8)  # expect: KL601
train_loss = tf.keras.metrics.Mean()
train_acc = tf.keras.metrics.SparseCategoricalAccuracy()


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        logits = model(x, training=True)
        loss = loss_fn(y, logits)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    train_loss.update_state(loss)
    train_acc.update_state(y, logits)


for epoch in range(20):
    train_loss.reset_state()
    train_acc.reset_state()
    for xb, yb in train_ds:
        train_step(xb, yb)
    print(f"epoch {epoch}: loss={float(train_loss.result()):.4f} acc={float(train_acc.result()):.4f}")

test_logits = model(x_test, training=False)
print("test acc:", float(np.mean(np.argmax(test_logits, axis=1) == y_test)))
