import numpy as np
import tensorflow as tf

np.random.seed(0)
tf.random.set_seed(0)

# XOR-like toy problem with noise
X = np.random.uniform(-1, 1, size=(4000, 2)).astype("float32")
y = ((X[:, 0] * X[:, 1]) > 0).astype("float32").reshape(-1, 1)

model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(2,)),
    tf.keras.layers.Dense(16, activation="tanh"),
    tf.keras.layers.Dense(16, activation="tanh"),
    tf.keras.layers.Dense(1, activation="sigmoid"),
])
bce = tf.keras.losses.BinaryCrossentropy()
accuracy = tf.keras.metrics.BinaryAccuracy()
dataset = tf.data.Dataset.from_tensor_slices((X, y)).shuffle(4000).batch(32).prefetch(tf.data.AUTOTUNE)


def train_on_batch(xb, yb, optimizer):  # expect: KL404
    with tf.GradientTape() as tape:
        probs = model(xb, training=True)
        loss = bce(yb, probs)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    accuracy.update_state(yb, probs)
    return loss


for epoch in range(50):
    accuracy.reset_state()
    for xb, yb in dataset:
        optimizer = tf.keras.optimizers.Adam(learning_rate=0.01)  # expect: KL405
        train_on_batch(xb, yb, optimizer)
    if epoch % 5 == 0:
        print("epoch", epoch, "accuracy", float(accuracy.result()))
