# Keras: all hidden neurons learn the same thing, accuracy stuck at 0.6
import numpy as np
import pandas as pd
from tensorflow import keras
from tensorflow.keras import layers

df = pd.read_csv('heart.csv')
X = df.drop('target', axis=1).values.astype('float32')
y = df['target'].values
y = keras.utils.to_categorical(y, 2)

X = (X - X.mean(axis=0)) / X.std(axis=0)

model = keras.Sequential([
    layers.Dense(64, activation='relu', input_shape=(X.shape[1],),
                 kernel_initializer='zeros', bias_initializer='zeros'),  # expect: KL103
    layers.Dense(64, activation='relu',
                 kernel_initializer=keras.initializers.Zeros()),  # expect: KL103
    layers.Dense(2, activation='softmax', kernel_initializer='zeros'),
])

model.compile(optimizer='sgd', loss='categorical_crossentropy', metrics=['accuracy'])
history = model.fit(X, y, epochs=100, batch_size=32, validation_split=0.2)
print(history.history['accuracy'][-1])
