"""Fashion-MNIST MLP as a tf.Module: weights created once in __init__, He-initialised
kernels, zero biases, the forward pass compiled with tf.function on the method, logits
into sparse softmax cross-entropy with integer labels; softmax only for inference."""
import numpy as np
import tensorflow as tf

tf.random.set_seed(5)


class Dense(tf.Module):
    def __init__(self, n_in, n_out, activation=None, name=None):
        super().__init__(name=name)
        self.w = tf.Variable(tf.random.normal([n_in, n_out], stddev=np.sqrt(2.0 / n_in)), name="w")
        self.b = tf.Variable(tf.zeros([n_out]), name="b")
        self.activation = activation

    def __call__(self, x):
        y = tf.matmul(x, self.w) + self.b
        return self.activation(y) if self.activation is not None else y


class MLP(tf.Module):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.layers = [
            Dense(784, 512, tf.nn.relu),
            Dense(512, 256, tf.nn.relu),
            Dense(256, 10),
        ]

    @tf.function
    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    @tf.function
    def predict_proba(self, x):
        return tf.nn.softmax(self(x))


(x_train, y_train), (x_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
x_test = x_test.reshape(-1, 784).astype("float32") / 255.0

train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train.astype("int64"))).shuffle(60000).batch(64).prefetch(tf.data.AUTOTUNE)

net = MLP()
opt = tf.keras.optimizers.Adam(1e-3)
epoch_loss = tf.keras.metrics.Mean()


@tf.function
def train_step(images, labels):
    with tf.GradientTape() as tape:
        logits = net(images)
        loss = tf.compat.v1.losses.sparse_softmax_cross_entropy(labels=labels, logits=logits)
    grads = tape.gradient(loss, net.trainable_variables)
    opt.apply_gradients(zip(grads, net.trainable_variables))
    epoch_loss.update_state(loss)


for epoch in range(10):
    epoch_loss.reset_state()
    for images, labels in train_ds:
        train_step(images, labels)
    probs = net.predict_proba(x_test)
    test_acc = np.mean(np.argmax(probs.numpy(), axis=-1) == y_test)
    print("epoch", epoch, "loss", float(epoch_loss.result()), "test acc", test_acc)
