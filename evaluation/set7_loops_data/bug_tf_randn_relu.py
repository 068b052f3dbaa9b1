# Loss is in the thousands in the first epoch and then NaN. 3-layer MLP in plain TF.
import numpy as np
import tensorflow as tf

tf.random.set_seed(5)


class DenseNet(tf.Module):
    def __init__(self):
        super().__init__()
        self.w1 = tf.Variable(tf.random.normal([784, 512]))  # expect: KL102
        self.b1 = tf.Variable(tf.zeros([512]))
        self.w2 = tf.Variable(tf.random.normal([512, 256]))  # expect: KL102
        self.b2 = tf.Variable(tf.zeros([256]))
        self.w3 = tf.Variable(tf.random.normal([256, 10], stddev=0.01))
        self.b3 = tf.Variable(tf.zeros([10]))

    def __call__(self, x):
        x = tf.nn.relu(tf.matmul(x, self.w1) + self.b1)
        x = tf.nn.relu(tf.matmul(x, self.w2) + self.b2)
        return tf.matmul(x, self.w3) + self.b3


(x_train, y_train), (x_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
x_test = x_test.reshape(-1, 784).astype("float32") / 255.0

train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train.astype("int64"))).shuffle(60000).batch(64).prefetch(tf.data.AUTOTUNE)

net = DenseNet()
opt = tf.keras.optimizers.Adam(1e-3)
epoch_loss = tf.keras.metrics.Mean()


@tf.function
def train_step(images, labels):
    with tf.GradientTape() as tape:
        logits = net(images)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
    grads = tape.gradient(loss, net.trainable_variables)
    opt.apply_gradients(zip(grads, net.trainable_variables))
    epoch_loss.update_state(loss)


for epoch in range(10):
    epoch_loss.reset_state()
    for images, labels in train_ds:
        train_step(images, labels)
    test_acc = np.mean(np.argmax(net(x_test).numpy(), axis=-1) == y_test)
    print("epoch", epoch, "loss", float(epoch_loss.result()), "test acc", test_acc)
