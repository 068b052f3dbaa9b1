# Loss is 0 and accuracy is constant at 0.5 for cats vs dogs features
import numpy as np
import keras
from keras import layers

data = np.genfromtxt('features.csv', delimiter=',', skip_header=1)
X = data[:, :-1]
y = data[:, -1]

inputs = keras.Input(shape=(X.shape[1],))
x = layers.Dense(64, activation='relu')(inputs)
x = layers.Dropout(0.5)(x)
x = layers.Dense(32, activation='relu')(x)
outputs = layers.Dense(1, activation='sigmoid')(x)
model = keras.Model(inputs, outputs)

model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),  # expect: KL204
              loss=keras.losses.CategoricalCrossentropy(),
              metrics=['accuracy'])

model.fit(X, y, epochs=30, batch_size=32, validation_split=0.2)
