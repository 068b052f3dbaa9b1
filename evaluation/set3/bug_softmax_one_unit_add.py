# Stack Overflow: "Keras binary classifier accuracy stuck at 0.5, loss not decreasing"
# I have a CSV of sensor readings and a 0/1 label. What am I doing wrong?
import numpy as np
import pandas as pd
from keras.models import Sequential
from keras.layers import Dense, Dropout
from keras.optimizers import SGD
from sklearn.preprocessing import MinMaxScaler
from sklearn.model_selection import train_test_split

df = pd.read_csv('sensor_data.csv')
features = df.drop(columns=['label']).values
labels = df['label'].values

scaler = MinMaxScaler()
features = scaler.fit_transform(features)
x_train, x_test, y_train, y_test = train_test_split(features, labels, test_size=0.25)

model = Sequential()
model.add(Dense(64, input_dim=features.shape[1], activation='relu'))
model.add(Dropout(0.5))
model.add(Dense(64, activation='relu'))
model.add(Dropout(0.5))
model.add(Dense(1, activation='softmax'))

sgd = SGD(learning_rate=0.01, momentum=0.9, nesterov=True)
model.compile(loss='binary_crossentropy',  # expect: KL203
              optimizer=sgd,
              metrics=['accuracy'])

model.fit(x_train, y_train, epochs=20, batch_size=128)
score = model.evaluate(x_test, y_test, batch_size=128)
print(score)
