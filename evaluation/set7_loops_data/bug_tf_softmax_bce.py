# CIFAR-10 in raw TF with one-hot labels: the reported accuracy is 90% from epoch 1,
# but the argmax predictions are right only ~30% of the time.
import numpy as np
import tensorflow as tf

tf.random.set_seed(23)

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.cifar10.load_data()
x_train = x_train.reshape(len(x_train), -1).astype(np.float32) / 255.0
x_test = x_test.reshape(len(x_test), -1).astype(np.float32) / 255.0
y_train_1h = tf.one_hot(y_train.ravel(), 10)

D = 32 * 32 * 3


class SoftmaxMLP(tf.Module):
    def __init__(self):
        super().__init__()
        self.W1 = tf.Variable(tf.random.normal([D, 512], stddev=np.sqrt(2.0 / D)))
        self.b1 = tf.Variable(tf.zeros([512]))
        self.W2 = tf.Variable(tf.random.normal([512, 10], stddev=np.sqrt(1.0 / 512)))
        self.b2 = tf.Variable(tf.zeros([10]))

    def __call__(self, x):
        h = tf.nn.relu(tf.matmul(x, self.W1) + self.b1)
        return tf.nn.softmax(tf.matmul(h, self.W2) + self.b2)


model = SoftmaxMLP()
optimizer = tf.keras.optimizers.Adam(1e-4)
dataset = tf.data.Dataset.from_tensor_slices((x_train, y_train_1h)).shuffle(50000).batch(128).prefetch(tf.data.AUTOTUNE)
loss_avg = tf.keras.metrics.Mean()
bin_acc = tf.keras.metrics.BinaryAccuracy()


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        probs = model(x)
        loss = tf.reduce_mean(tf.keras.losses.binary_crossentropy(y, probs))  # expect: KL204
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    loss_avg.update_state(loss)
    bin_acc.update_state(y, probs)


for epoch in range(15):
    loss_avg.reset_state()
    bin_acc.reset_state()
    for x, y in dataset:
        train_step(x, y)
    top1 = np.mean(np.argmax(model(x_test).numpy(), 1) == y_test.ravel())
    print(f"epoch {epoch}: loss {loss_avg.result():.4f} 'accuracy' {bin_acc.result():.4f} top-1 {top1:.4f}")
