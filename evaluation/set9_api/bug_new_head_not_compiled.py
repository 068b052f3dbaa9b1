# Stage 1 trains a 10-class digit model; stage 2 replaces the head to fine-tune on a
# 5-class subset (digits 0-4 relabelled). Stage 2 never reaches the accuracy of stage 1.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.random.set_seed(19)

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 28, 28, 1).astype("float32") / 255.0
x_test = x_test.reshape(-1, 28, 28, 1).astype("float32") / 255.0

inputs = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(32, 3, activation="relu")(inputs)
x = layers.MaxPooling2D()(x)
x = layers.Conv2D(64, 3, activation="relu")(x)
x = layers.GlobalAveragePooling2D()(x)
x = layers.Dense(64, activation="relu", name="embedding")(x)
outputs = layers.Dense(10, activation="softmax")(x)
model = keras.Model(inputs, outputs)

model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, batch_size=128, validation_split=0.1)

# ---- stage 2: new 5-way head on top of the learned embedding ----
mask_train = y_train < 5
mask_test = y_test < 5
x2_train, y2_train = x_train[mask_train], y_train[mask_train]
x2_test, y2_test = x_test[mask_test], y_test[mask_test]

embedding = model.get_layer("embedding").output
new_outputs = layers.Dense(5, activation="softmax", name="head5")(embedding)
new_model = keras.Model(model.input, new_outputs)

new_model.fit(x2_train, y2_train, epochs=3, batch_size=128, validation_split=0.1)  # expect: KL506
print(new_model.evaluate(x2_test, y2_test, verbose=0))  # expect: KL506
