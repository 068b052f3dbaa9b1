# "My Keras model is much worse than my plain TensorFlow implementation"
# In my TF1 code I initialised weights with tf.random_uniform and it worked fine,
# so I tried to reproduce the same init in Keras.  Keras version is stuck at ~10%.
import numpy as np
import tensorflow as tf
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense, Dropout

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
x_test = x_test.reshape(-1, 784).astype("float32") / 255.0

np.random.seed(0)
tf.random.set_seed(0)

model = Sequential([
    Dense(300, activation="relu", input_shape=(784,),
          kernel_initializer=lambda shape, dtype=None: tf.constant(np.random.random(shape), dtype=dtype)),  # expect: KL101
    Dropout(0.2),
    Dense(100, activation="relu", kernel_initializer=tf.random_uniform_initializer(0., 1.)),  # expect: KL101
    Dense(10, activation="softmax"),
])

model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.01),
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
model.summary()

history = model.fit(x_train, y_train, epochs=20, batch_size=64, validation_data=(x_test, y_test))
print("final val acc:", history.history["val_accuracy"][-1])
