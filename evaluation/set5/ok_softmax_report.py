# Custom training loop (TF guide "Writing a training loop from scratch"):
# the network produces logits, the loss uses from_logits=True, and tf.nn.softmax
# is applied only when reporting predictions after training.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
x_test = x_test.reshape(-1, 784).astype("float32") / 255.0

train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(10000).batch(128).prefetch(2)

inputs = keras.Input(shape=(784,))
h = layers.Dense(256, activation="relu")(inputs)
h = layers.Dense(256, activation="relu")(h)
outputs = layers.Dense(10, name="logits")(h)
model = keras.Model(inputs, outputs)

optimizer = keras.optimizers.SGD(learning_rate=1e-2, momentum=0.9)
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
train_acc = keras.metrics.SparseCategoricalAccuracy()


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        logits = model(x, training=True)
        loss_value = loss_fn(y, logits)
    grads = tape.gradient(loss_value, model.trainable_weights)
    optimizer.apply_gradients(zip(grads, model.trainable_weights))
    train_acc.update_state(y, logits)
    return loss_value


for epoch in range(3):
    for step, (xb, yb) in enumerate(train_ds):
        loss_value = train_step(xb, yb)
    print(f"epoch {epoch}: loss={float(loss_value):.4f} acc={float(train_acc.result()):.4f}")
    train_acc.reset_state()

test_logits = model(x_test[:8], training=False)
test_probs = tf.nn.softmax(test_logits, axis=-1)
for p, label in zip(test_probs.numpy(), y_test[:8]):
    print("pred", int(np.argmax(p)), "conf", float(np.max(p)), "true", int(label))
