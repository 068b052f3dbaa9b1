# Following the "overfit and underfit" tutorial but with my own training loop so I can log
# gradients. With L2 + dropout my custom loop overfits exactly like the unregularized model,
# while model.fit() with the same model does not.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers, regularizers

tf.random.set_seed(2)
np.random.seed(2)

FEATURES = 28
N_TRAIN = 10000
N_VAL = 1000
BATCH_SIZE = 500

rng = np.random.default_rng(2)
X = rng.normal(size=(N_TRAIN + N_VAL, FEATURES)).astype("float32")
w = rng.normal(size=(FEATURES,)).astype("float32")
y = ((X @ w + 0.5 * np.sin(3 * X[:, 0]) + rng.normal(scale=2.0, size=len(X))) > 0).astype("float32")

train_ds = (tf.data.Dataset.from_tensor_slices((X[:N_TRAIN], y[:N_TRAIN]))
            .shuffle(N_TRAIN).batch(BATCH_SIZE).prefetch(tf.data.AUTOTUNE))
val_ds = tf.data.Dataset.from_tensor_slices((X[N_TRAIN:], y[N_TRAIN:])).batch(BATCH_SIZE).prefetch(tf.data.AUTOTUNE)


def combined_model():
    inputs = keras.Input(shape=(FEATURES,))
    x = layers.Dense(512, kernel_regularizer=regularizers.l2(0.0001), activation="elu")(inputs)
    x = layers.Dropout(0.5)(x)
    x = layers.Dense(512, kernel_regularizer=regularizers.l2(0.0001), activation="elu")(x)
    x = layers.Dropout(0.5)(x)
    x = layers.Dense(512, kernel_regularizer=regularizers.l2(0.0001), activation="elu")(x)
    x = layers.Dropout(0.5)(x)
    outputs = layers.Dense(1)(x)
    return keras.Model(inputs, outputs)


model = combined_model()
loss_fn = keras.losses.BinaryCrossentropy(from_logits=True)
optimizer = keras.optimizers.Adam(learning_rate=1e-3)
train_loss = keras.metrics.Mean(name="loss")
train_acc = keras.metrics.BinaryAccuracy(threshold=0.0, name="acc")
val_loss = keras.metrics.Mean(name="val_loss")
val_acc = keras.metrics.BinaryAccuracy(threshold=0.0, name="val_acc")
grad_norm = keras.metrics.Mean(name="grad_norm")


@tf.function
def train_step(x, y):
    y = tf.reshape(y, (-1, 1))
    with tf.GradientTape() as tape:
        logits = model(x)  # expect: KL401
        loss = loss_fn(y, logits)  # expect: KL410
    grads = tape.gradient(loss, model.trainable_variables)
    grad_norm.update_state(tf.linalg.global_norm(grads))
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    train_loss.update_state(loss)
    train_acc.update_state(y, logits)


@tf.function
def val_step(x, y):
    y = tf.reshape(y, (-1, 1))
    logits = model(x, training=False)
    val_loss.update_state(loss_fn(y, logits))
    val_acc.update_state(y, logits)


for epoch in range(100):
    for m in (train_loss, train_acc, val_loss, val_acc, grad_norm):
        m.reset_state()
    for xb, yb in train_ds:
        train_step(xb, yb)
    for xb, yb in val_ds:
        val_step(xb, yb)
    if epoch % 10 == 0:
        print(epoch, {m.name: round(float(m.result()), 4)
                      for m in (train_loss, train_acc, val_loss, val_acc, grad_norm)})
