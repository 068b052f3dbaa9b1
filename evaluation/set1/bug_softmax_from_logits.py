# Followed the TF "beginner quickstart" but added softmax to the last layer so that
# model.predict gives probabilities.  Now training is much slower, loss starts at
# ~2.3 and stays near 1.5.
import tensorflow as tf

mnist = tf.keras.datasets.mnist
(x_train, y_train), (x_test, y_test) = mnist.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0

model = tf.keras.models.Sequential([
    tf.keras.layers.Flatten(input_shape=(28, 28)),
    tf.keras.layers.Dense(128, activation="relu"),
    tf.keras.layers.Dropout(0.2),
    tf.keras.layers.Dense(10, activation="softmax"),
])

loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)

model.compile(  # expect: KL201
    optimizer="adam",
    loss=loss_fn,
    metrics=["accuracy"],
)

model.fit(x_train, y_train, epochs=5)
model.evaluate(x_test, y_test, verbose=2)
probs = model.predict(x_test[:5])
print(probs.sum(axis=1))
