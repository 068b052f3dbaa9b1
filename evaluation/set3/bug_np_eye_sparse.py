"""Assignment 4: softmax classifier on the Iris dataset with Keras."""
import numpy as np
import tensorflow as tf
from sklearn.datasets import load_iris
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

iris = load_iris()
X = StandardScaler().fit_transform(iris.data).astype(np.float32)
num_classes = 3

# Q1: one-hot encode the targets (do NOT use to_categorical)
Y = np.eye(num_classes)[iris.target]

X_train, X_test, Y_train, Y_test = train_test_split(X, Y, test_size=0.3, random_state=0)

# Q2: build the model
inputs = tf.keras.Input(shape=(4,))
h = tf.keras.layers.Dense(16, activation=tf.nn.relu)(inputs)
h = tf.keras.layers.Dense(16, activation=tf.nn.relu)(h)
outputs = tf.keras.layers.Dense(num_classes, activation=tf.nn.softmax)(h)
model = tf.keras.Model(inputs=inputs, outputs=outputs)

# Q3: compile and train for 100 epochs
model.compile(optimizer=tf.keras.optimizers.Adam(0.01),  # expect: KL205
              loss='sparse_categorical_crossentropy',
              metrics=['accuracy'])
history = model.fit(X_train, Y_train, epochs=100, batch_size=16, verbose=0)

# Q4: report test accuracy
loss, acc = model.evaluate(X_test, Y_test, verbose=0)
print(f"Test accuracy: {acc:.3f}")
