"""Fashion-MNIST MLP with hand-picked initialisers."""
import keras
from keras import layers

keras.utils.set_random_seed(3)

(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
x_test = x_test.reshape(-1, 784).astype("float32") / 255.0

HEAD_INIT = "glorot_uniform"


def make_mlp(hidden_units=256, n_classes=10):
    inputs = keras.Input(shape=(784,))
    h = layers.Dense(hidden_units, activation="relu",
                     kernel_initializer="zeros")(inputs)  # expect: KL103
    h = layers.Dropout(0.2)(h)
    outputs = layers.Dense(n_classes, activation="softmax",
                           kernel_initializer=HEAD_INIT)(h)
    return keras.Model(inputs, outputs)


model = make_mlp()
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
              metrics=["sparse_categorical_accuracy"])
model.fit(x_train, y_train, epochs=10, batch_size=128,
          validation_data=(x_test, y_test))
