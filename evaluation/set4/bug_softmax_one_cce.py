# Softmax outputs all 1 and loss is 0.0000e+00 from the first epoch
import pandas as pd
import tensorflow as tf
from tensorflow import keras
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

df = pd.read_csv('churn.csv')
X = df.drop(columns=['Exited']).values
y = df['Exited'].values

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
sc = StandardScaler()
X_train = sc.fit_transform(X_train)
X_test = sc.transform(X_test)

model = keras.Sequential()
model.add(keras.layers.Dense(6, activation='relu', input_shape=(X_train.shape[1],)))
model.add(keras.layers.Dense(6, activation='relu'))
model.add(keras.layers.Dense(1, activation='softmax'))

model.compile(  # expect: KL203, KL204
    optimizer='adam',
    loss='categorical_crossentropy',
    metrics=['accuracy'],
)

model.fit(X_train, y_train, batch_size=10, epochs=100)
print(model.predict(X_test)[:5])
