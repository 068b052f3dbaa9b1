# Pima Indians diabetes, first Keras project (machine-learning-mastery style).
# I gave every layer its input size so Keras knows how to connect them.
from numpy import loadtxt
import numpy as np
from keras.models import Sequential
from keras.layers import Dense
import keras

keras.utils.set_random_seed(8)

# dataset = loadtxt('pima-indians-diabetes.csv', delimiter=',')
dataset = np.random.rand(768, 9)
dataset[:, 8] = (dataset[:, 1] + dataset[:, 5] > 1.0)
X = dataset[:, 0:8]
y = dataset[:, 8]

model = Sequential()
model.add(Dense(12, input_dim=8, activation='relu'))
model.add(Dense(8, input_dim=12, activation='relu'))  # expect: KL503
model.add(Dense(1, activation='sigmoid'))

model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])
model.fit(X, y, epochs=150, batch_size=10)
_, accuracy = model.evaluate(X, y)
print('Accuracy: %.2f' % (accuracy * 100))
