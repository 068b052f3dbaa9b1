"""Custom loop with a graph-mode evaluation function.

The validation accuracy printed after each epoch creeps up very slowly and never drops,
even when I sabotage the model on purpose. sklearn's accuracy_score on the same
predictions gives very different numbers from epoch 2 on.
"""
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(55)

(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0
y_train = y_train.astype("int64")
y_test = y_test.astype("int64")

train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(60000).batch(128).prefetch(tf.data.AUTOTUNE)
val_ds = tf.data.Dataset.from_tensor_slices((x_test, y_test)).batch(512).prefetch(tf.data.AUTOTUNE)

model = keras.Sequential([
    keras.Input(shape=(28, 28)),
    layers.Flatten(),
    layers.Dense(256, activation="relu"),
    layers.Dropout(0.3),
    layers.Dense(10),
])
optimizer = keras.optimizers.Adam()
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
train_loss = keras.metrics.Mean()


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    train_loss.update_state(loss)


@tf.function
def evaluate(dataset):
    correct = tf.Variable(0, dtype=tf.int64)  # expect: KL406
    total = tf.Variable(0, dtype=tf.int64)  # expect: KL406
    for x, y in dataset:
        preds = tf.argmax(model(x, training=False), axis=-1)
        correct.assign_add(tf.reduce_sum(tf.cast(tf.equal(preds, y), tf.int64)))
        total.assign_add(tf.cast(tf.shape(y)[0], tf.int64))
    return tf.cast(correct, tf.float32) / tf.cast(total, tf.float32)


for epoch in range(10):
    train_loss.reset_state()
    for x, y in train_ds:
        train_step(x, y)
    val_acc = evaluate(val_ds)
    print(f"epoch {epoch}: loss {train_loss.result():.4f} val acc {float(val_acc):.4f}")
