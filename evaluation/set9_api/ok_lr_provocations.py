# CIFAR-10 ResNet-style training recipe: SGD with momentum at the usual base rate of 0.1 and a
# step schedule, Adam epsilon spelled out for a second (fine-tuning) phase.
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.random.set_seed(1)

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0
steps_per_epoch = len(x_train) // 128


def residual_block(x, filters):
    shortcut = x
    y = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    y = layers.Conv2D(filters, 3, padding="same")(y)
    if shortcut.shape[-1] != filters:
        shortcut = layers.Conv2D(filters, 1, padding="same")(shortcut)
    return layers.Activation("relu")(layers.Add()([shortcut, y]))


inputs = keras.Input(shape=(32, 32, 3))
x = layers.Conv2D(32, 3, padding="same", activation="relu")(inputs)
x = residual_block(x, 32)
x = layers.MaxPooling2D()(x)
x = residual_block(x, 64)
x = layers.MaxPooling2D()(x)
x = residual_block(x, 128)
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(10, activation="softmax")(x)
model = keras.Model(inputs, outputs)

schedule = keras.optimizers.schedules.PiecewiseConstantDecay(
    boundaries=[30 * steps_per_epoch, 45 * steps_per_epoch],
    values=[0.1, 0.01, 0.001],
)
model.compile(optimizer=keras.optimizers.SGD(learning_rate=schedule, momentum=0.9, nesterov=True),
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
model.fit(x_train, y_train, epochs=60, batch_size=128, validation_data=(x_test, y_test))

# short fine-tuning phase with Adam at a small rate
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-4, beta_1=0.9, beta_2=0.999, epsilon=1e-8),
              loss="sparse_categorical_crossentropy",
              metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, batch_size=128, validation_data=(x_test, y_test))
