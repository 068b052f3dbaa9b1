# Knowledge-distillation notebook, part 1: train the teacher and a from-scratch student baseline.
# (Both use the `optimizer` defined in the config cell.)
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(42)

config = dict(batch_size=64, epochs=3)
optimizer = keras.optimizers.Adam(learning_rate=1e-3)

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = np.reshape(x_train, (-1, 28, 28, 1)).astype("float32") / 255.0
x_test = np.reshape(x_test, (-1, 28, 28, 1)).astype("float32") / 255.0

teacher = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(256, (3, 3), strides=(2, 2), padding="same"),
        layers.LeakyReLU(negative_slope=0.2),
        layers.MaxPooling2D(pool_size=(2, 2), strides=(1, 1), padding="same"),
        layers.Conv2D(512, (3, 3), strides=(2, 2), padding="same"),
        layers.Flatten(),
        layers.Dense(10),
    ],
    name="teacher",
)

student_scratch = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(16, (3, 3), strides=(2, 2), padding="same"),
        layers.LeakyReLU(negative_slope=0.2),
        layers.MaxPooling2D(pool_size=(2, 2), strides=(1, 1), padding="same"),
        layers.Conv2D(32, (3, 3), strides=(2, 2), padding="same"),
        layers.Flatten(),
        layers.Dense(10),
    ],
    name="student",
)

teacher.compile(
    optimizer=optimizer,
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=[keras.metrics.SparseCategoricalAccuracy()],
)
teacher.fit(x_train, y_train, epochs=config["epochs"], batch_size=config["batch_size"])
teacher.evaluate(x_test, y_test)

student_scratch.compile(  # expect: KL602
    optimizer=optimizer,
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=[keras.metrics.SparseCategoricalAccuracy()],
)
student_scratch.fit(x_train, y_train, epochs=config["epochs"], batch_size=config["batch_size"])
student_scratch.evaluate(x_test, y_test)
