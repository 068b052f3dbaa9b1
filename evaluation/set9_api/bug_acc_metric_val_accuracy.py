# Dogs-vs-cats style binary CNN on synthetic images. metrics=['acc'] was kept from the
# Deep Learning with Python (1st ed.) listing; the callbacks were copied from a newer tutorial.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.random.set_seed(31)

rng = np.random.default_rng(31)
images = rng.random((2000, 64, 64, 3), dtype=np.float32)
labels = (images[:, :32, :, 0].mean(axis=(1, 2)) > images[:, 32:, :, 0].mean(axis=(1, 2))).astype("float32")

model = keras.Sequential([
    keras.Input(shape=(64, 64, 3)),
    layers.Conv2D(32, (3, 3), activation="relu"),
    layers.MaxPooling2D((2, 2)),
    layers.Conv2D(64, (3, 3), activation="relu"),
    layers.MaxPooling2D((2, 2)),
    layers.Conv2D(128, (3, 3), activation="relu"),
    layers.MaxPooling2D((2, 2)),
    layers.Flatten(),
    layers.Dense(512, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(loss="binary_crossentropy",
              optimizer=keras.optimizers.RMSprop(learning_rate=1e-4),
              metrics=["acc"])

callbacks = [
    keras.callbacks.EarlyStopping(
        monitor="val_accuracy",  # expect: KL505
        patience=5,
        mode="max",
        restore_best_weights=True,
    ),
    keras.callbacks.ModelCheckpoint("cats_and_dogs_small.keras", monitor="val_loss", save_best_only=True),
]
history = model.fit(images, labels, epochs=50, batch_size=20, validation_split=0.2, callbacks=callbacks)
acc = history.history["acc"]
val_acc = history.history["val_acc"]
print(max(val_acc))
