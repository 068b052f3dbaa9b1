"""Shared forward helper for train and eval: the training flag is passed through a
variable, so the Dropout/BatchNorm model is in training mode inside the tape."""
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(29)

(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
x_train = x_train[..., None].astype("float32") / 255.0
x_test = x_test[..., None].astype("float32") / 255.0

train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(60000).batch(128).prefetch(tf.data.AUTOTUNE)
test_ds = tf.data.Dataset.from_tensor_slices((x_test, y_test)).batch(512).prefetch(tf.data.AUTOTUNE)

model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(32, 3, padding="same", use_bias=False),
    layers.BatchNormalization(),
    layers.ReLU(),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, padding="same", use_bias=False),
    layers.BatchNormalization(),
    layers.ReLU(),
    layers.GlobalAveragePooling2D(),
    layers.Dropout(0.3),
    layers.Dense(10),
])
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
optimizer = keras.optimizers.Adam(1e-3)
metrics = {
    "train": (keras.metrics.Mean(), keras.metrics.SparseCategoricalAccuracy()),
    "test": (keras.metrics.Mean(), keras.metrics.SparseCategoricalAccuracy()),
}


def forward(x, y, training):
    logits = model(x, training=training)
    return logits, loss_fn(y, logits)


@tf.function
def train_step(x, y):
    is_training = True
    with tf.GradientTape() as tape:
        logits = model(x, training=is_training)
        loss = loss_fn(y, logits)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    metrics["train"][0].update_state(loss)
    metrics["train"][1].update_state(y, logits)


@tf.function
def test_step(x, y):
    logits, loss = forward(x, y, training=False)
    metrics["test"][0].update_state(loss)
    metrics["test"][1].update_state(y, logits)


for epoch in range(10):
    for pair in metrics.values():
        for m in pair:
            m.reset_state()
    for x, y in train_ds:
        train_step(x, y)
    for x, y in test_ds:
        test_step(x, y)
    print(epoch, {k: (round(float(l.result()), 4), round(float(a.result()), 4))
                  for k, (l, a) in metrics.items()})
