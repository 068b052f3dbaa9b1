# Final fit on the full training set (no hold-out left): the callbacks therefore monitor the
# training loss and training accuracy, which Keras logs without validation data.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.random.set_seed(55)

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0

model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(32, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(128, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])

callbacks = [
    keras.callbacks.EarlyStopping(monitor="loss", min_delta=1e-3, patience=3),
    keras.callbacks.ModelCheckpoint("final_cifar.keras", monitor="accuracy", mode="max",
                                    save_best_only=True),
    keras.callbacks.TensorBoard(log_dir="logs/final_fit"),
]
model.fit(x_train, y_train, epochs=40, batch_size=128, callbacks=callbacks)
print(model.evaluate(x_test, y_test, verbose=0))
