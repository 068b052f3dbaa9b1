"""Gradient accumulation done right: accumulator variables are created once, outside any
tf.function, and reset explicitly after every optimizer step."""
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(64)

MICRO_BATCH = 64
ACCUM_STEPS = 4

(x_train, y_train), _ = keras.datasets.mnist.load_data()
x_train = (x_train.astype("float32") / 255.0)[..., None]
train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(60000).batch(MICRO_BATCH, drop_remainder=True).prefetch(tf.data.AUTOTUNE)

model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(128, activation="relu"),
    layers.Dense(10),
])
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
optimizer = keras.optimizers.Adam(1e-3)
loss_metric = keras.metrics.Mean()

accumulated = [tf.Variable(tf.zeros_like(v), trainable=False) for v in model.trainable_variables]


@tf.function
def accumulate(x, y):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True)) / ACCUM_STEPS
    grads = tape.gradient(loss, model.trainable_variables)
    for acc, g in zip(accumulated, grads):
        acc.assign_add(g)
    loss_metric.update_state(loss * ACCUM_STEPS)


@tf.function
def apply_and_reset():
    optimizer.apply_gradients(zip([acc.read_value() for acc in accumulated], model.trainable_variables))
    for acc in accumulated:
        acc.assign(tf.zeros_like(acc))


for epoch in range(5):
    loss_metric.reset_state()
    for i, (x, y) in enumerate(train_ds):
        accumulate(x, y)
        if (i + 1) % ACCUM_STEPS == 0:
            apply_and_reset()
    print(f"epoch {epoch}: loss {loss_metric.result():.4f}")
