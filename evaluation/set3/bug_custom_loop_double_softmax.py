# Custom training loop for Fashion-MNIST (TF 2.x)
# Loss plateaus around 1.5 and accuracy never gets past ~80%.
import tensorflow as tf

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0

NUM_CLASSES = 10
BATCH_SIZE = 128

train_ds = (tf.data.Dataset.from_tensor_slices((x_train, y_train))
            .shuffle(10000)
            .batch(BATCH_SIZE)
            .prefetch(tf.data.AUTOTUNE))
test_ds = tf.data.Dataset.from_tensor_slices((x_test, y_test)).batch(BATCH_SIZE)

model = tf.keras.Sequential([
    tf.keras.layers.Flatten(input_shape=(28, 28)),
    tf.keras.layers.Dense(256, activation="relu"),
    tf.keras.layers.Dropout(0.2),
    tf.keras.layers.Dense(NUM_CLASSES, activation="softmax"),
])

optimizer = tf.keras.optimizers.Adam(1e-3)
train_acc = tf.keras.metrics.CategoricalAccuracy()
test_acc = tf.keras.metrics.CategoricalAccuracy()


@tf.function
def train_step(images, labels):
    onehot = tf.one_hot(labels, NUM_CLASSES)
    with tf.GradientTape() as tape:
        logits = model(images, training=True)
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=onehot, logits=logits))  # expect: KL201
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    train_acc.update_state(onehot, logits)
    return loss


@tf.function
def test_step(images, labels):
    preds = model(images, training=False)
    test_acc.update_state(tf.one_hot(labels, NUM_CLASSES), preds)


for epoch in range(10):
    train_acc.reset_state()
    test_acc.reset_state()
    total, steps = 0.0, 0
    for xb, yb in train_ds:
        total += train_step(xb, yb)
        steps += 1
    for xb, yb in test_ds:
        test_step(xb, yb)
    print(f"epoch {epoch + 1}: loss={total / steps:.4f} "
          f"acc={train_acc.result():.4f} test_acc={test_acc.result():.4f}")
