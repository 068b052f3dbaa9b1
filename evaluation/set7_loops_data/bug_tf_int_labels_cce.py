# Low-level TF MNIST classifier (tf.Module) trained with CategoricalCrossentropy.
import numpy as np
import tensorflow as tf

tf.random.set_seed(31)

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
x_test = x_test.reshape(-1, 784).astype("float32") / 255.0


class MnistModule(tf.Module):
    def __init__(self, sizes=(784, 300, 100, 10)):
        super().__init__()
        self.weights = []
        self.biases = []
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            self.weights.append(tf.Variable(tf.random.normal([n_in, n_out], stddev=np.sqrt(2.0 / n_in))))
            self.biases.append(tf.Variable(tf.zeros([n_out])))

    def __call__(self, x):
        for w, b in zip(self.weights[:-1], self.biases[:-1]):
            x = tf.nn.relu(tf.matmul(x, w) + b)
        return tf.matmul(x, self.weights[-1]) + self.biases[-1]


model = MnistModule()
loss_fn = tf.keras.losses.CategoricalCrossentropy(from_logits=True)  # expect: KL205
optimizer = tf.keras.optimizers.Adam(1e-3)
train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(60000).batch(64).prefetch(tf.data.AUTOTUNE)
mean_loss = tf.keras.metrics.Mean()


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        logits = model(x)
        loss = loss_fn(y, logits)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    mean_loss.update_state(loss)


for epoch in range(5):
    mean_loss.reset_state()
    for x, y in train_ds:
        train_step(x, y)
    acc = np.mean(np.argmax(model(x_test).numpy(), axis=1) == y_test)
    print(f"epoch {epoch}: loss {mean_loss.result():.4f} test acc {acc:.4f}")
