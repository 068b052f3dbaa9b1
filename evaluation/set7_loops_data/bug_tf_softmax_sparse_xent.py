# MNIST softmax classifier in TF2 without Keras layers. Training accuracy stalls around 85%
# and the loss is stuck near 1.5 even though the digits are easy.
import numpy as np
import tensorflow as tf

tf.random.set_seed(2)

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype(np.float32) / 255.0
x_test = x_test.reshape(-1, 784).astype(np.float32) / 255.0
y_train = y_train.astype(np.int64)
y_test = y_test.astype(np.int64)


class Classifier(tf.Module):
    def __init__(self, hidden=256, classes=10):
        super().__init__()
        init = tf.keras.initializers.HeNormal(seed=2)
        self.w1 = tf.Variable(init(shape=(784, hidden)))
        self.b1 = tf.Variable(tf.zeros([hidden]))
        self.w2 = tf.Variable(tf.keras.initializers.GlorotUniform(seed=2)(shape=(hidden, classes)))
        self.b2 = tf.Variable(tf.zeros([classes]))

    def __call__(self, x):
        h = tf.nn.relu(x @ self.w1 + self.b1)
        return tf.nn.softmax(h @ self.w2 + self.b2)


model = Classifier()
optimizer = tf.keras.optimizers.Adam(1e-3)
train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(60000).batch(100).prefetch(tf.data.AUTOTUNE)
train_loss = tf.keras.metrics.Mean()
train_acc = tf.keras.metrics.SparseCategoricalAccuracy()


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        probs = model(x)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=probs))  # expect: KL201
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    train_loss.update_state(loss)
    train_acc.update_state(y, probs)


for epoch in range(10):
    train_loss.reset_state()
    train_acc.reset_state()
    for x, y in train_ds:
        train_step(x, y)
    test_acc = np.mean(np.argmax(model(x_test).numpy(), axis=1) == y_test)
    print(f"epoch {epoch}: loss {train_loss.result():.4f} acc {train_acc.result():.4f} test {test_acc:.4f}")
