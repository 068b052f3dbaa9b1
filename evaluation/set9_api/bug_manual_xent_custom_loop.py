# Porting a TF1 course exercise to TF2: a hand-written cross-entropy in a GradientTape loop.
# After a few epochs the loss prints nan.
import numpy as np
import tensorflow as tf

tf.random.set_seed(12)

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
x_test = x_test.reshape(-1, 784).astype("float32") / 255.0
y_train_oh = tf.one_hot(y_train, depth=10)

dataset = (tf.data.Dataset.from_tensor_slices((x_train, y_train_oh))
           .shuffle(60000)
           .batch(128)
           .prefetch(tf.data.AUTOTUNE))

model = tf.keras.Sequential([
    tf.keras.Input(shape=(784,)),
    tf.keras.layers.Dense(300, activation="relu"),
    tf.keras.layers.Dense(100, activation="relu"),
    tf.keras.layers.Dense(10),
])
optimizer = tf.keras.optimizers.Adam(learning_rate=1e-3)
epoch_loss = tf.keras.metrics.Mean()


def cross_entropy(y_true, logits):
    probs = tf.nn.softmax(logits)
    return -tf.reduce_mean(tf.reduce_sum(y_true * tf.math.log(probs), axis=1))  # expect: KL208


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        logits = model(x, training=True)
        loss = cross_entropy(y, logits)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    epoch_loss.update_state(loss)


for epoch in range(30):
    epoch_loss.reset_state()
    for xb, yb in dataset:
        train_step(xb, yb)
    print(f"epoch {epoch}: loss {float(epoch_loss.result()):.4f}")

test_pred = np.argmax(model(x_test, training=False), axis=1)
print("test accuracy:", float(np.mean(test_pred == y_test)))
