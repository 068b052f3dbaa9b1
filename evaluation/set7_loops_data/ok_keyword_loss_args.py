"""Loss calls whose argument order differs from (y_true, y_pred) but are still correct:
keyword arguments, tf.nn losses with labels=/logits=, and a user-defined loss whose own
signature is (prediction, target)."""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(44)

rng = np.random.default_rng(44)
X = rng.normal(size=(8000, 20)).astype("float32")
y_cls = np.argmax(X[:, :5] + 0.3 * rng.normal(size=(8000, 5)), axis=1).astype("int32")
y_reg = (X[:, 5:10].sum(axis=1, keepdims=True) + 0.1 * rng.normal(size=(8000, 1))).astype("float32")

inputs = keras.Input(shape=(20,))
h = layers.Dense(64, activation="relu")(inputs)
h = layers.Dense(64, activation="relu")(h)
cls_logits = layers.Dense(5, name="cls")(h)
reg_out = layers.Dense(1, name="reg")(h)
model = keras.Model(inputs, [cls_logits, reg_out])

sparse_ce = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
optimizer = keras.optimizers.Adam(1e-3)
loss_avg = keras.metrics.Mean()


def masked_l1(prediction, target, mask_value=-999.0):
    """Our internal helper: argument order is (prediction, target) by design."""
    mask = tf.cast(tf.not_equal(target, mask_value), tf.float32)
    return tf.reduce_sum(tf.abs(prediction - target) * mask) / tf.maximum(tf.reduce_sum(mask), 1.0)


ds = tf.data.Dataset.from_tensor_slices((X, y_cls, y_reg)).shuffle(8000).batch(128).prefetch(tf.data.AUTOTUNE)


@tf.function
def train_step(x, labels, targets):
    with tf.GradientTape() as tape:
        logits, reg = model(x, training=True)
        loss_a = sparse_ce(y_pred=logits, y_true=labels)
        loss_b = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(logits=logits, labels=labels))
        loss_c = masked_l1(reg, targets)
        loss = 0.5 * (loss_a + loss_b) + loss_c
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    loss_avg.update_state(loss)


for epoch in range(15):
    loss_avg.reset_state()
    for xb, cb, rb in ds:
        train_step(xb, cb, rb)
    print(epoch, float(loss_avg.result()))
