# Inference / continuation utilities: a model reloaded with compile=False is only used for
# predict(); a normally reloaded model keeps its compile state for evaluate(); a clone is
# compiled before it is trained.
import numpy as np
import tensorflow as tf
from tensorflow import keras

tf.random.set_seed(64)

(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0

model = keras.Sequential([
    keras.Input(shape=(28, 28)),
    keras.layers.Flatten(),
    keras.layers.Dense(128, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=3, batch_size=128, validation_split=0.1)
model.save("fmnist.keras")

# 1) inference only: no compile needed
inference_model = keras.models.load_model("fmnist.keras", compile=False)
probs = inference_model.predict(x_test, batch_size=256)
print("predicted classes:", probs.argmax(axis=1)[:10])

# 2) reloaded with its training configuration (compile=True is the default)
restored = keras.models.load_model("fmnist.keras")
print("restored:", restored.evaluate(x_test, y_test, verbose=0))

# 3) a fresh copy trained with a smaller learning rate
clone = keras.models.clone_model(model)
clone.set_weights(model.get_weights())
clone.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-4),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])
clone.fit(x_train, y_train, epochs=2, batch_size=128, validation_split=0.1)
print("clone:", clone.evaluate(x_test, y_test, verbose=0))
