# Class-weighted loss for an imbalanced 3-class problem.
# "ValueError: tf.function only supports singleton tf.Variables created on the first call"
# after the first epoch.
import numpy as np
import tensorflow as tf
from tensorflow import keras

tf.random.set_seed(30)

rng = np.random.default_rng(30)
n = 9000
X = rng.normal(size=(n, 10)).astype("float32")
scores = X[:, :3] + rng.normal(scale=0.8, size=(n, 3))
scores[:, 1] -= 1.0
scores[:, 2] -= 2.0
y = np.argmax(scores, axis=1).astype("int32")
print("class counts:", np.bincount(y))


@tf.function
def weighted_sparse_ce(y_true, logits):
    class_weights = tf.Variable([1.0, 5.0, 20.0])  # expect: KL406
    y_true = tf.cast(tf.reshape(y_true, [-1]), tf.int32)
    weights = tf.gather(class_weights, y_true)
    ce = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y_true, logits=logits)
    return tf.reduce_sum(ce * weights) / tf.reduce_sum(weights)


model = keras.Sequential([
    keras.Input(shape=(10,)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(3),
])
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss=weighted_sparse_ce,
              metrics=[keras.metrics.SparseCategoricalAccuracy()])
model.fit(X, y, batch_size=256, epochs=20, validation_split=0.2)
