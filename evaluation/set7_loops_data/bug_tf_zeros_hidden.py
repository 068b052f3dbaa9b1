# Following a "neural network from scratch in TensorFlow" post. The hidden layer is
# initialised with zeros "to be safe"; test accuracy never exceeds ~20%.
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

tf.random.set_seed(3)

digits = load_digits()
X = (digits.data / 16.0).astype(np.float32)
y = digits.target.astype(np.int32)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=3)


class TwoLayerNet(tf.Module):
    def __init__(self, n_in, n_hidden, n_out):
        super().__init__()
        self.W_hidden = tf.Variable(tf.zeros([n_in, n_hidden]), name="W_hidden")  # expect: KL103
        self.b_hidden = tf.Variable(tf.zeros([n_hidden]), name="b_hidden")
        limit = np.sqrt(6.0 / (n_hidden + n_out))
        self.W_out = tf.Variable(tf.random.uniform([n_hidden, n_out], -limit, limit), name="W_out")
        self.b_out = tf.Variable(tf.zeros([n_out]), name="b_out")

    @tf.function
    def __call__(self, x):
        h = tf.nn.relu(tf.matmul(x, self.W_hidden) + self.b_hidden)
        return tf.matmul(h, self.W_out) + self.b_out


model = TwoLayerNet(64, 100, 10)
optimizer = tf.keras.optimizers.Adam(1e-2)
ds = tf.data.Dataset.from_tensor_slices((X_train, y_train)).shuffle(len(X_train)).batch(32).prefetch(tf.data.AUTOTUNE)
loss_metric = tf.keras.metrics.Mean()


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        logits = model(x)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    loss_metric.update_state(loss)


for epoch in range(50):
    loss_metric.reset_state()
    for xb, yb in ds:
        train_step(xb, yb)
    if epoch % 10 == 9:
        acc = np.mean(np.argmax(model(X_test).numpy(), 1) == y_test)
        print(f"epoch {epoch + 1}: loss {loss_metric.result():.3f} test acc {acc:.3f}")
