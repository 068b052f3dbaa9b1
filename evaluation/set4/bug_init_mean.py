# Loss doesn't decrease with custom initializer (RandomNormal), all outputs are the same
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers, initializers

X = np.random.rand(2000, 20)
y = (X.sum(axis=1) > 10).astype('float32')

init = initializers.RandomNormal(mean=1.0, stddev=0.05, seed=42)

model = keras.Sequential()
model.add(layers.Dense(64, activation='relu', input_shape=(20,),
                       kernel_initializer=init))  # expect: KL101
model.add(layers.Dense(32, activation='relu', kernel_initializer=init))  # expect: KL101
model.add(layers.Dense(1, activation='sigmoid'))

model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
model.fit(X, y, epochs=50, batch_size=32, validation_split=0.1)
