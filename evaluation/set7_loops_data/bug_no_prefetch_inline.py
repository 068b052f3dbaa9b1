# Training is slow: GPU utilization sits around 40% on this tiny MLP.
import numpy as np
import tensorflow as tf

tf.keras.utils.set_random_seed(12)

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
x_test = x_test.reshape(-1, 784).astype("float32") / 255.0

ds = tf.data.Dataset.from_tensor_slices((x_train, y_train))

model = tf.keras.Sequential([
    tf.keras.Input(shape=(784,)),
    tf.keras.layers.Dense(512, activation="relu"),
    tf.keras.layers.Dense(512, activation="relu"),
    tf.keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(ds.shuffle(60000).batch(128), epochs=10)  # expect: KL303
print(model.evaluate(x_test, y_test, verbose=0))
print(np.argmax(model.predict(x_test[:5], verbose=0), axis=1), y_test[:5])
