# Binary defect detection on 64x64 grayscale patches. fit() fails with
# "Arguments `target` and `output` must have the same rank (ndim). Received:
# target.shape=(None,), output.shape=(None, 14, 14, 1)". Why is my output 4-D?
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(13)

patches = np.random.rand(1200, 64, 64, 1).astype("float32")
defect = (patches[:, 20:40, 20:40, 0].mean(axis=(1, 2)) > 0.5).astype("float32")

inputs = keras.Input(shape=(64, 64, 1))
x = layers.Conv2D(16, 3, activation="relu")(inputs)      # 62x62
x = layers.MaxPooling2D(2)(x)                            # 31x31
x = layers.Conv2D(32, 3, activation="relu")(x)           # 29x29
x = layers.MaxPooling2D(2)(x)                            # 14x14
outputs = layers.Dense(1, activation="sigmoid")(x)  # expect: KL806
model = keras.Model(inputs, outputs)

model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(patches, defect, epochs=10, batch_size=32, validation_split=0.2)
print(model.predict(patches[:3]).shape)
