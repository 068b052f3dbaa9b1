# tf_keras project: after training the base model we train a copy with label smoothing, copying
# the compile settings from the original ("compile(optimizer=model.optimizer, ...)" idiom).
import numpy as np
import tensorflow as tf
import tf_keras as keras
from tf_keras import layers

tf.random.set_seed(303)

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0
y_train_oh = keras.utils.to_categorical(y_train, 10)
y_test_oh = keras.utils.to_categorical(y_test, 10)

model = keras.Sequential([
    layers.Conv2D(32, 3, padding="same", activation="relu", input_shape=(32, 32, 3)),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(256, activation="relu"),
    layers.Dropout(0.5),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
              loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train_oh, epochs=10, batch_size=128, validation_data=(x_test, y_test_oh))

smoothed = keras.models.clone_model(model)
smoothed.compile(optimizer=model.optimizer, loss=keras.losses.CategoricalCrossentropy(label_smoothing=0.1), metrics=["accuracy"])  # expect: KL602
smoothed.fit(x_train, y_train_oh, epochs=10, batch_size=128, validation_data=(x_test, y_test_oh))
print("base:", model.evaluate(x_test, y_test_oh, verbose=0))
print("smoothed:", smoothed.evaluate(x_test, y_test_oh, verbose=0))
