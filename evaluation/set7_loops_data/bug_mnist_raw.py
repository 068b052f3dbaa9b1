# Accuracy stuck around 10-20% on MNIST, loss is huge in the first epoch. Simple MLP.
from keras.datasets import mnist
from keras.models import Sequential
from keras.layers import Dense, Flatten
from keras.utils import set_random_seed

set_random_seed(0)

(x_train, y_train), (x_test, y_test) = mnist.load_data()
print(x_train.shape, x_train.dtype)

model = Sequential([
    Flatten(input_shape=(28, 28)),
    Dense(256, activation='sigmoid'),
    Dense(128, activation='sigmoid'),
    Dense(10, activation='softmax'),
])
model.compile(optimizer='sgd', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
model.fit(x_train, y_train, epochs=10, batch_size=64, validation_data=(x_test, y_test))  # expect: KL306
