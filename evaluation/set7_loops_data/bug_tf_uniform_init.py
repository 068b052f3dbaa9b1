# Two-layer net written with raw TF ops. Loss stays at ~2.30 for all epochs.
import numpy as np
import tensorflow as tf

tf.random.set_seed(0)


class MLP:
    def __init__(self, n_in, n_hidden, n_out):
        self.W1 = tf.Variable(tf.random.uniform([n_in, n_hidden], minval=0, maxval=0.1), name="W1")  # expect: KL101
        self.b1 = tf.Variable(tf.zeros([n_hidden]), name="b1")
        self.W2 = tf.Variable(tf.random.uniform([n_hidden, n_out], minval=0, maxval=0.1), name="W2")  # expect: KL101
        self.b2 = tf.Variable(tf.zeros([n_out]), name="b2")

    @property
    def trainable_variables(self):
        return [self.W1, self.b1, self.W2, self.b2]

    def __call__(self, x):
        h = tf.nn.relu(tf.matmul(x, self.W1) + self.b1)
        return tf.matmul(h, self.W2) + self.b2


(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype(np.float32) / 255.0
x_test = x_test.reshape(-1, 784).astype(np.float32) / 255.0
y_train = y_train.astype(np.int32)
y_test = y_test.astype(np.int32)

train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(60000).batch(128).prefetch(tf.data.AUTOTUNE)

model = MLP(784, 256, 10)
optimizer = tf.keras.optimizers.SGD(learning_rate=0.1)
mean_loss = tf.keras.metrics.Mean()


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        logits = model(x)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


for epoch in range(10):
    mean_loss.reset_state()
    for x, y in train_ds:
        mean_loss.update_state(train_step(x, y))
    acc = np.mean(np.argmax(model(x_test).numpy(), axis=1) == y_test)
    print(f"epoch {epoch}: loss {mean_loss.result():.4f} test acc {acc:.4f}")
