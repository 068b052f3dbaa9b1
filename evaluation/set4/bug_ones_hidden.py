# Why does my model always predict the same class? I initialized weights to ones to make it deterministic
import tf_keras as keras
from tf_keras.layers import Dense
from sklearn.datasets import load_wine
from sklearn.preprocessing import StandardScaler

data = load_wine()
X = StandardScaler().fit_transform(data.data)
y = keras.utils.to_categorical(data.target, 3)

model = keras.Sequential()
model.add(Dense(64, input_dim=13, activation='relu', kernel_initializer='ones'))  # expect: KL101, KL103
model.add(Dense(32, activation='relu', kernel_initializer='ones'))  # expect: KL101, KL103
model.add(Dense(3, activation='softmax'))

model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
model.fit(X, y, epochs=200, batch_size=16, validation_split=0.2, shuffle=True)
print(model.predict(X[:10]))
