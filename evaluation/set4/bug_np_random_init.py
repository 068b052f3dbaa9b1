# Loss doesn't decrease with custom initializer, stuck at 7.7 (binary classification)
import numpy as np
import pandas as pd
from keras.models import Sequential
from keras.layers import Dense
from keras import backend as K


def my_init(shape, dtype=None):
    return K.constant(np.random.random(shape), dtype=dtype)


df = pd.read_csv('sonar.csv', header=None)
X = df.iloc[:, :60].values.astype(float)
y = (df.iloc[:, 60] == 'M').astype(int).values

model = Sequential()
model.add(Dense(60, input_dim=60, activation='relu', kernel_initializer=my_init))  # expect: KL101
model.add(Dense(30, activation='relu', kernel_initializer=my_init))  # expect: KL101
model.add(Dense(1))

model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])  # expect: KL202
model.fit(X, y, epochs=100, batch_size=5, validation_split=0.33)
