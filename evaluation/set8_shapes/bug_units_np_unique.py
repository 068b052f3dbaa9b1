# Tiny toy dataset from a course exercise: 4 fruit types from 5 measurements
# (the template notebook had 5 fruit types). Accuracy tops out around 80%.
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(5)

labels = np.array([0, 2, 1, 3, 3, 0, 1, 2, 2, 0, 1, 3,
                   0, 2, 1, 3, 2, 0, 1, 3, 0, 1, 2, 3])
num_classes = len(np.unique(labels))
print("classes:", num_classes)

features = np.random.rand(len(labels), 5).astype("float32") + labels[:, None] * 0.3

model = keras.Sequential(
    [
        keras.Input(shape=(5,)),
        layers.Dense(16, activation="relu"),
        layers.Dense(5, activation="softmax"),  # expect: KL209
    ]
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(features, labels, epochs=200, batch_size=4, verbose=0)
print(model.evaluate(features, labels, verbose=0))
