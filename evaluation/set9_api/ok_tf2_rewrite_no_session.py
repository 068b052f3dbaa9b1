# The TF1 "MNIST for beginners" softmax regression rewritten for TF 2.16: no placeholders or
# sessions; a tf.Module, a traced train step with an input signature, and a numerically stable
# loss on the logits. tf.compat.v1 is only used to quiet the logger.
import numpy as np
import tensorflow as tf

tf.compat.v1.logging.set_verbosity(tf.compat.v1.logging.ERROR)
for gpu in tf.config.list_physical_devices("GPU"):
    tf.config.experimental.set_memory_growth(gpu, True)

tf.random.set_seed(0)

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype(np.float32) / 255.0
x_test = x_test.reshape(-1, 784).astype(np.float32) / 255.0
y_train = np.eye(10, dtype=np.float32)[y_train]
y_test = np.eye(10, dtype=np.float32)[y_test]


class SoftmaxRegression(tf.Module):
    def __init__(self, n_in, n_out, name=None):
        super().__init__(name=name)
        self.W = tf.Variable(tf.random.truncated_normal([n_in, n_out], stddev=0.01), name="W")
        self.b = tf.Variable(tf.zeros([n_out]), name="b")

    def __call__(self, x):
        return tf.matmul(x, self.W) + self.b  # logits


model = SoftmaxRegression(784, 10)
optimizer = tf.keras.optimizers.SGD(learning_rate=0.5)
train_loss = tf.keras.metrics.Mean(name="train_loss")

train_ds = (tf.data.Dataset.from_tensor_slices((x_train, y_train))
            .shuffle(60000)
            .batch(100)
            .prefetch(tf.data.AUTOTUNE))


@tf.function(input_signature=[tf.TensorSpec([None, 784], tf.float32),
                              tf.TensorSpec([None, 10], tf.float32)])
def train_step(x, y):
    with tf.GradientTape() as tape:
        logits = model(x)
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=logits))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    train_loss.update_state(loss)


for epoch in range(5):
    train_loss.reset_state()
    for xb, yb in train_ds:
        train_step(xb, yb)
    print(f"epoch {epoch + 1}: mean loss {float(train_loss.result()):.4f}")

logits = model(tf.constant(x_test))
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), tf.argmax(y_test, 1)), tf.float32))
print("test accuracy:", float(accuracy))
