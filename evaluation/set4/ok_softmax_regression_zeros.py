# Multinomial logistic regression on MNIST; zero init is fine for a single linear layer
import numpy as np
import tf_keras as keras

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype('float32') / 255.0
x_test = x_test.reshape(-1, 784).astype('float32') / 255.0

model = keras.Sequential([
    keras.layers.Dense(10, activation='softmax', input_shape=(784,),
                       kernel_initializer='zeros', bias_initializer='zeros'),
])

model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.5),
              loss='sparse_categorical_crossentropy',
              metrics=['accuracy'])
model.fit(x_train, y_train, epochs=5, batch_size=100)

# binary version: is it a zero?
yb_train = (y_train == 0).astype('float32')
logreg = keras.Sequential([
    keras.layers.Dense(1, activation='sigmoid', input_shape=(784,), kernel_initializer='zeros'),
])
logreg.compile(optimizer='sgd', loss='binary_crossentropy', metrics=['accuracy'])
logreg.fit(x_train, yb_train, epochs=3, batch_size=100)
print(logreg.evaluate(x_test, (y_test == 0).astype('float32')))
