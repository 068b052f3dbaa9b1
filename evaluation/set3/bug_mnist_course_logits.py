"""
CS 4780 - Assignment 3, Problem 2
Train a fully connected network on MNIST and report test accuracy.
Student: fill in the TODOs.
"""
import numpy as np
import matplotlib.pyplot as plt
import tensorflow as tf
from tensorflow import keras

# ---------------------------------------------------------------
# Part (a): load and normalize the data
# ---------------------------------------------------------------
mnist = keras.datasets.mnist
(train_images, train_labels), (test_images, test_labels) = mnist.load_data()
train_images = train_images / 255.0
test_images = test_images / 255.0

# ---------------------------------------------------------------
# Part (b): define the network
# TODO: two hidden layers of 128 and 64 units, 10 output classes
# ---------------------------------------------------------------
model = keras.Sequential([
    keras.layers.Flatten(input_shape=(28, 28)),
    keras.layers.Dense(128, activation='relu'),
    keras.layers.Dense(64, activation='relu'),
    keras.layers.Dense(10)
])

# ---------------------------------------------------------------
# Part (c): compile and train
# ---------------------------------------------------------------
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])  # expect: KL202

history = model.fit(train_images, train_labels, epochs=10, validation_split=0.1)

# ---------------------------------------------------------------
# Part (d): evaluate and plot
# ---------------------------------------------------------------
test_loss, test_acc = model.evaluate(test_images, test_labels, verbose=2)
print('Test accuracy:', test_acc)

plt.plot(history.history['accuracy'], label='train')
plt.plot(history.history['val_accuracy'], label='val')
plt.xlabel('epoch')
plt.ylabel('accuracy')
plt.legend()
plt.savefig('q2_accuracy.png')

predictions = model.predict(test_images[:25])
predicted_digits = np.argmax(predictions, axis=1)
print(predicted_digits)
