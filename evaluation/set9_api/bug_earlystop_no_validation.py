# Fashion-MNIST MLP with early stopping. It always runs all 200 epochs; the log shows
# "Early stopping conditioned on metric `val_accuracy` which is not available".
import tensorflow as tf
from tensorflow import keras

tf.keras.utils.set_random_seed(2)

fashion_mnist = keras.datasets.fashion_mnist
(train_images, train_labels), (test_images, test_labels) = fashion_mnist.load_data()
train_images = train_images / 255.0
test_images = test_images / 255.0

model = keras.Sequential([
    keras.layers.Flatten(input_shape=(28, 28)),
    keras.layers.Dense(300, activation="relu"),
    keras.layers.Dense(100, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="sgd",
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])

early_stopping = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=10,  # expect: KL505
                                               restore_best_weights=True)
history = model.fit(train_images, train_labels, epochs=200, batch_size=32,
                    callbacks=[early_stopping])

test_loss, test_acc = model.evaluate(test_images, test_labels, verbose=2)
print("\nTest accuracy:", test_acc)
