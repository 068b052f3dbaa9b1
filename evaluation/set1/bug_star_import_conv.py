# cifar10 cnn -- training loss is NaN after the first few batches
import tensorflow as tf
from tensorflow.keras.layers import *
from tensorflow.keras.models import Model
from tensorflow.keras.initializers import TruncatedNormal

(x_train, y_train), (x_test, y_test) = tf.keras.datasets.cifar10.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0

inp = Input(shape=(32, 32, 3))
x = Conv2D(32, (3, 3), padding="same", activation="relu",
           kernel_initializer=TruncatedNormal(stddev=2.0))(inp)  # expect: KL102
x = Conv2D(32, (3, 3), padding="same", activation="relu",
           kernel_initializer=TruncatedNormal(stddev=0.05))(x)
x = MaxPooling2D()(x)
x = Conv2D(64, (3, 3), padding="same", activation="relu")(x)
x = MaxPooling2D()(x)
x = Flatten()(x)
x = Dense(256, activation="relu")(x)
x = Dropout(0.5)(x)
out = Dense(10, activation="softmax")(x)

model = Model(inp, out)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=64, epochs=15, validation_data=(x_test, y_test))
