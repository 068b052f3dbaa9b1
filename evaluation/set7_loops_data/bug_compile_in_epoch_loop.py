# I decay the learning rate by hand each epoch by recompiling with a new Adam. The loss
# jumps up at the start of every epoch, like training restarts each time.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(20)

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0

model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(32, 3, padding="same", activation="relu"),
    layers.Conv2D(32, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, padding="same", activation="relu"),
    layers.Conv2D(64, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(256, activation="relu"),
    layers.Dropout(0.5),
    layers.Dense(10, activation="softmax"),
])

initial_lr = 1e-3
decay = 0.9
val_history = []
for epoch in range(30):
    lr = initial_lr * (decay ** epoch)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr),  # expect: KL405
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    hist = model.fit(x_train, y_train, batch_size=128, epochs=1,
                     validation_data=(x_test, y_test), verbose=0)
    val_history.append(hist.history["val_accuracy"][0])
    print(f"epoch {epoch}: lr={lr:.2e} loss={hist.history['loss'][0]:.4f} "
          f"val_acc={val_history[-1]:.4f}")

print("best:", np.max(val_history))
