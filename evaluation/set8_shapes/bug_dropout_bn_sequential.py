# Heart disease MLP: training accuracy 0.9, but evaluate() on the *training* set
# gives 0.7. Isn't that impossible?
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(303)

X = np.random.rand(1025, 13).astype("float32")
y = (X[:, 2] + X[:, 9] - X[:, 11] > 0.5).astype("int32")

model = keras.Sequential(
    [
        keras.Input(shape=(13,)),
        layers.Dense(64, activation="relu"),
        layers.Dropout(0.5),  # expect: KL811
        layers.BatchNormalization(),
        layers.Dense(32, activation="relu"),
        layers.Dense(2, activation="softmax"),
    ]
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=60, batch_size=16)
print(model.evaluate(X, y))
