# Migration in progress: layers and model moved to `import keras` (Keras 3), but the training
# utilities module still builds its optimizer from tf_keras.
import numpy as np
import keras
from keras import layers
from tf_keras.optimizers import Adam

keras.utils.set_random_seed(17)

IMG_SHAPE = (28, 28, 1)

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = np.expand_dims(x_train.astype("float32") / 255.0, -1)
x_test = np.expand_dims(x_test.astype("float32") / 255.0, -1)


def make_model():
    return keras.Sequential([
        keras.Input(shape=IMG_SHAPE),
        layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(64, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dropout(0.5),
        layers.Dense(10, activation="softmax"),
    ])


model = make_model()
model.compile(loss="sparse_categorical_crossentropy",
              optimizer=Adam(learning_rate=1e-3),  # expect: KL501
              metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=128, epochs=10, validation_split=0.1)
score = model.evaluate(x_test, y_test, verbose=0)
print("Test loss:", score[0], "Test accuracy:", score[1])
