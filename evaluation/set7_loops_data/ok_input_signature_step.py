"""A train step that needs the global step: passed as a tensor (input_signature converts
the Python int once, with a fixed scalar spec), so the function is traced only once."""
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(4)

(x_train, y_train), _ = keras.datasets.cifar10.load_data()
x_train = x_train.astype("float32") / 255.0
y_train = y_train.astype("int64")
train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(50000).batch(64, drop_remainder=True).prefetch(tf.data.AUTOTUNE)

model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(64, activation="relu"),
    layers.Dense(10),
])
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
optimizer = keras.optimizers.Adam()
epoch_loss = keras.metrics.Mean()


@tf.function(input_signature=[
    tf.TensorSpec([64, 32, 32, 3], tf.float32),
    tf.TensorSpec([64, 1], tf.int64),
    tf.TensorSpec([], tf.int64),
])
def train_step(x, y, step):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    if step % 100 == 0:
        tf.print("step", step, "loss", loss)
    epoch_loss.update_state(loss)


@tf.function
def warmup_step(x, y, step):
    scale = tf.minimum(1.0, tf.cast(step + 1, tf.float32) / 500.0)
    with tf.GradientTape() as tape:
        loss = scale * loss_fn(y, model(x, training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))


global_step = 0
for epoch in range(3):
    epoch_loss.reset_state()
    for x, y in train_ds:
        if epoch == 0 and global_step < 500:
            warmup_step(x, y, tf.constant(global_step, dtype=tf.int64))
        else:
            train_step(x, y, global_step)
        global_step += 1
    print("epoch", epoch, "mean loss", float(epoch_loss.result()))
