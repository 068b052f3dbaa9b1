# tanh network stops learning, outputs are all -1 or 1 (weights init from uniform)
import numpy as np
import keras
from keras.models import Sequential
from keras.layers import Dense
from keras.initializers import RandomUniform

# toy regression: y = sin(x)
x = np.linspace(-np.pi, np.pi, 2000).reshape(-1, 1)
y = np.sin(x)

model = Sequential()
model.add(Dense(50, activation='tanh', input_shape=(1,),
                kernel_initializer=RandomUniform(minval=-10, maxval=10)))  # expect: KL102
model.add(Dense(50, activation='tanh', kernel_initializer=RandomUniform(-10, 10)))  # expect: KL102
model.add(Dense(1))

model.compile(optimizer='adam', loss='mse')
model.fit(x, y, epochs=200, batch_size=64, verbose=0)
print(model.evaluate(x, y))
