# Custom training loop: the printed epoch loss jumps up and down a lot (0.21, 0.05, 0.33, ...)
# although the accuracy improves smoothly.
import tensorflow as tf

tf.random.set_seed(3)

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0

train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(10000).batch(32).prefetch(tf.data.AUTOTUNE)

model = tf.keras.Sequential([
    tf.keras.layers.Flatten(input_shape=(28, 28)),
    tf.keras.layers.Dense(128, activation="relu"),
    tf.keras.layers.Dense(10),
])
loss_object = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
optimizer = tf.keras.optimizers.Adam()
train_accuracy = tf.keras.metrics.SparseCategoricalAccuracy()


@tf.function
def train_step(images, labels):
    with tf.GradientTape() as tape:
        predictions = model(images, training=True)
        loss = loss_object(labels, predictions)
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables))
    train_accuracy.update_state(labels, predictions)
    return loss


EPOCHS = 5
for epoch in range(EPOCHS):
    train_accuracy.reset_state()
    for images, labels in train_ds:
        loss = train_step(images, labels)
    print(f"Epoch {epoch + 1}, Loss: {loss.numpy():.4f}, Accuracy: {train_accuracy.result() * 100:.2f}")  # expect: KL407
