# Gradient accumulation to emulate batch 256 with micro-batches of 64 (GPU memory).
# Loss first drops, then explodes after a few hundred steps. No error.
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(64)

MICRO_BATCH = 64
ACCUM_STEPS = 4

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = (x_train.astype("float32") / 255.0)[..., None]
x_test = (x_test.astype("float32") / 255.0)[..., None]

train_ds = (tf.data.Dataset.from_tensor_slices((x_train, y_train))
            .shuffle(60000)
            .batch(MICRO_BATCH, drop_remainder=True)
            .batch(ACCUM_STEPS, drop_remainder=True)
            .prefetch(tf.data.AUTOTUNE))

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


@tf.function
def accumulate_and_apply(xs, ys):
    accumulated = [tf.Variable(tf.zeros_like(v), trainable=False) for v in model.trainable_variables]  # expect: KL406
    for i in range(ACCUM_STEPS):
        with tf.GradientTape() as tape:
            logits = model(xs[i], training=True)
            loss = loss_fn(ys[i], logits) / ACCUM_STEPS
        grads = tape.gradient(loss, model.trainable_variables)
        for acc, g in zip(accumulated, grads):
            acc.assign_add(g)
        loss_metric.update_state(loss * ACCUM_STEPS)
    optimizer.apply_gradients(zip([acc.read_value() for acc in accumulated],
                                  model.trainable_variables))


for epoch in range(5):
    loss_metric.reset_state()
    for xs, ys in train_ds:
        accumulate_and_apply(xs, ys)
    test_logits = model(x_test[:2000], training=False)
    test_acc = keras.metrics.sparse_categorical_accuracy(y_test[:2000], test_logits)
    print(f"epoch {epoch}: loss {loss_metric.result():.4f} "
          f"test acc {float(tf.reduce_mean(test_acc)):.4f}")
