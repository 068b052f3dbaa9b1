# Fashion-MNIST CNN + confusion matrix, from a 2019 course notebook, updated for TF 2.16
# (predict_classes -> argmax of predict, predict_proba -> predict)
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.keras.utils.set_random_seed(11)

class_names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
x_train = (x_train / 255.0).reshape(-1, 28, 28, 1).astype("float32")
x_test = (x_test / 255.0).reshape(-1, 28, 28, 1).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(128, activation="relu"),
    layers.Dropout(0.3),
    layers.Dense(len(class_names), activation="softmax"),
])
model.compile(optimizer="adam",
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
model.fit(x_train, y_train, epochs=10, batch_size=64, validation_split=0.1)

test_loss, test_acc = model.evaluate(x_test, y_test, verbose=2)
print("Test accuracy:", test_acc)

y_pred = np.argmax(model.predict(x_test), axis=-1)


def confusion_matrix(y_true, y_hat, n):
    cm = np.zeros((n, n), dtype=np.int64)
    for t, p in zip(y_true, y_hat):
        cm[t, p] += 1
    return cm


cm = confusion_matrix(y_test, y_pred, len(class_names))
for name, row in zip(class_names, cm):
    print(f"{name:>12}", " ".join(f"{v:5d}" for v in row))

probs = model.predict(x_test[:5])
for p in probs:
    print(class_names[int(np.argmax(p))], float(np.max(p)))
