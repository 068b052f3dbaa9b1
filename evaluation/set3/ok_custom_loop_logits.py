"""Custom training loop (TF 2.x) with a logits head and tf.nn losses."""
import tensorflow as tf

tf.random.set_seed(0)
(x_train, y_train), (x_test, y_test) = tf.keras.datasets.cifar10.load_data()
y_train, y_test = y_train.squeeze(), y_test.squeeze()


def prep(x, y):
    return tf.cast(x, tf.float32) / 255.0, tf.cast(y, tf.int64)


train_ds = (tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(50000)
            .map(prep).batch(128).prefetch(tf.data.AUTOTUNE))
test_ds = tf.data.Dataset.from_tensor_slices((x_test, y_test)).map(prep).batch(256)

inputs = tf.keras.Input(shape=(32, 32, 3))
x = tf.keras.layers.Conv2D(32, 3, padding="same", activation="relu")(inputs)
x = tf.keras.layers.BatchNormalization()(x)
x = tf.keras.layers.MaxPooling2D()(x)
x = tf.keras.layers.Conv2D(64, 3, padding="same", activation="relu")(x)
x = tf.keras.layers.GlobalAveragePooling2D()(x)
logits = tf.keras.layers.Dense(10)(x)
model = tf.keras.Model(inputs, logits)

optimizer = tf.keras.optimizers.Adam(1e-3)
train_loss = tf.keras.metrics.Mean()
acc = tf.keras.metrics.SparseCategoricalAccuracy()


@tf.function
def train_step(images, labels):
    with tf.GradientTape() as tape:
        out = model(images, training=True)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=out))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    train_loss.update_state(loss)


@tf.function
def eval_step(images, labels):
    acc.update_state(labels, tf.nn.softmax(model(images, training=False)))


for epoch in range(15):
    train_loss.reset_state()
    acc.reset_state()
    for xb, yb in train_ds:
        train_step(xb, yb)
    for xb, yb in test_ds:
        eval_step(xb, yb)
    print(f"epoch {epoch}: loss {train_loss.result():.4f}  test acc {acc.result():.4f}")
