# Modelled on the TensorFlow 2 quickstart for beginners: the model emits logits,
# the loss is told from_logits=True, and a separate probability model wraps it
# with a Softmax layer only for inference.
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

mnist = keras.datasets.mnist
(x_train, y_train), (x_test, y_test) = mnist.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0

model = keras.Sequential([
    layers.Flatten(input_shape=(28, 28)),
    layers.Dense(128, activation="relu"),
    layers.Dropout(0.2),
    layers.Dense(10),
])

predictions = model(x_train[:1]).numpy()
print("raw logits:", predictions)
print("softmax of first sample:", tf.nn.softmax(predictions).numpy())

loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
print("initial loss:", loss_fn(y_train[:1], predictions).numpy())

model.compile(optimizer="adam", loss=loss_fn, metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5)
model.evaluate(x_test, y_test, verbose=2)

probability_model = keras.Sequential([model, layers.Softmax()])
probs = probability_model(x_test[:5])
print("class probabilities:", probs.numpy())
print("predicted classes:", tf.argmax(probs, axis=1).numpy())
