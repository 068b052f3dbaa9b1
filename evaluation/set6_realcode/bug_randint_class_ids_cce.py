# A quick experiment on random data: the labels are class ids, one per sample (a column of
# shape (N, 1)), but the loss expects one-hot rows.
import numpy as np
import keras
from keras import layers

num_classes = 8
x_train = np.random.random((2000, 32)).astype("float32")
y_train = np.random.randint(0, num_classes, size=(2000, 1))

model = keras.Sequential([
    keras.Input(shape=(32,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(num_classes, activation="softmax"),
])
model.compile(optimizer="adam", loss=keras.losses.CategoricalCrossentropy(),  # expect: KL205
              metrics=["accuracy"])
model.fit(x_train, y_train, epochs=3, batch_size=64)
