# Q: Same network in Keras and in my numpy implementation, Keras loss is huge
#    (~1e3) at epoch 1 and accuracy never goes above 60%.
# I initialise weights like my numpy code does: np.random.randn(n_in, n_out)
import numpy as np
from tensorflow.keras.datasets import mnist
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.initializers import RandomNormal
from tensorflow.keras.optimizers import SGD

(X_train, y_train), (X_test, y_test) = mnist.load_data()
X_train = X_train.reshape(60000, 784).astype("float32") / 255
X_test = X_test.reshape(10000, 784).astype("float32") / 255

model = Sequential()
model.add(Dense(512, input_dim=784, activation="relu", kernel_initializer=RandomNormal(mean=0.0, stddev=1.0)))  # expect: KL102
model.add(Dense(512, activation="relu", kernel_initializer=RandomNormal(stddev=1.0)))  # expect: KL102
model.add(Dense(10, activation="softmax"))

model.compile(loss="sparse_categorical_crossentropy",
              optimizer=SGD(learning_rate=0.01, momentum=0.9),
              metrics=["accuracy"])

model.fit(X_train, y_train, batch_size=128, epochs=10, verbose=2,
          validation_data=(X_test, y_test))
score = model.evaluate(X_test, y_test, verbose=0)
print("Test loss:", score[0])
print("Test accuracy:", score[1])
