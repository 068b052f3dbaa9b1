"""Small CNN for CIFAR-10 with an explicit weight initialisation."""
import keras
from keras import layers

keras.utils.set_random_seed(2024)

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0

init = keras.initializers.RandomNormal(0.0, 1.0)


def conv_stack(filters):
    return [
        layers.Conv2D(filters, 3, padding="same", activation="relu",
                      kernel_initializer=init),  # expect: KL102
        layers.Conv2D(filters, 3, padding="same", activation="relu",
                      kernel_initializer="he_normal"),
        layers.MaxPooling2D(),
    ]


model = keras.Sequential(
    [keras.Input(shape=(32, 32, 3))]
    + conv_stack(32)
    + conv_stack(64)
    + [
        layers.GlobalAveragePooling2D(),
        layers.Dense(128, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ]
)

model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
model.fit(x_train, y_train, batch_size=128, epochs=20,
          validation_data=(x_test, y_test))
model.save("cifar_cnn.keras")
