# Collecting misclassified test digits: one batched predict() over the test set, then a loop
# over the NumPy predictions.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.random.set_seed(6)

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.astype("float32")[..., None] / 255.0
x_test = x_test.astype("float32")[..., None] / 255.0

model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(100, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=3, batch_size=128, validation_split=0.1)

misclassified = []
pred_labels = np.argmax(model.predict(x_test, batch_size=512, verbose=0), axis=1)
for i in range(len(x_test)):
    label = int(pred_labels[i])
    if label != y_test[i]:
        misclassified.append((i, label, int(y_test[i])))

print(f"{len(misclassified)} misclassified out of {len(x_test)}")
for idx, predicted, actual in misclassified[:10]:
    print(f"#{idx}: predicted {predicted}, actual {actual}")
