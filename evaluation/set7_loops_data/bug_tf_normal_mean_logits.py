"""Iris classifier with a hand-written tf.Module (homework: no Keras layers allowed)."""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

tf.random.set_seed(42)


class IrisNet(tf.Module):
    def __init__(self, n_in=4, n_hidden=64, n_out=3, name=None):
        super().__init__(name=name)
        self.w1 = tf.Variable(tf.random.normal([n_in, n_hidden], mean=0.5, stddev=0.1), name="w1")  # expect: KL101
        self.b1 = tf.Variable(tf.zeros([n_hidden]), name="b1")
        glorot = tf.keras.initializers.GlorotUniform(seed=42)
        self.w2 = tf.Variable(glorot(shape=(n_hidden, n_out)), name="w2")
        self.b2 = tf.Variable(tf.zeros([n_out]), name="b2")

    def __call__(self, x):
        h = tf.nn.relu(tf.matmul(x, self.w1) + self.b1)
        return tf.matmul(h, self.w2) + self.b2


X, y = load_iris(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=42)
scaler = StandardScaler().fit(X_train)
X_train = scaler.transform(X_train).astype(np.float32)
X_test = scaler.transform(X_test).astype(np.float32)

model = IrisNet()
optimizer = tf.keras.optimizers.Adam(learning_rate=0.01)


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        logits = model(x)
        loss = tf.reduce_mean(tf.keras.losses.sparse_categorical_crossentropy(y, logits))  # expect: KL202
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


for epoch in range(300):
    loss = train_step(X_train, y_train)
    if epoch % 50 == 0:
        acc = np.mean(np.argmax(model(X_test).numpy(), axis=1) == y_test)
        print(f"epoch {epoch}: full-batch loss {float(loss):.4f}, test acc {acc:.3f}")
