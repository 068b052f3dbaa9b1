import numpy as np
import keras
import tensorflow as tf
from keras import layers

keras.utils.set_random_seed(31)

(x_train, y_train), (x_test, y_test) = keras.datasets.cifar100.load_data(label_mode="coarse")
x_train = x_train.astype("float32") / 255.0
x_test = x_test.astype("float32") / 255.0
NUM_CLASSES = 20


def augment(image, label):
    image = tf.image.random_flip_left_right(image)
    return image, label


train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(50000).map(augment).batch(128)  # expect: KL303
test_ds = tf.data.Dataset.from_tensor_slices((x_test, y_test)).batch(256).prefetch(tf.data.AUTOTUNE)

inputs = keras.Input(shape=(32, 32, 3))
x = layers.Conv2D(64, 3, padding="same", activation="relu")(inputs)
x = layers.Conv2D(64, 3, padding="same", activation="relu")(x)
x = layers.MaxPooling2D()(x)
x = layers.Conv2D(128, 3, padding="same", activation="relu")(x)
x = layers.Conv2D(128, 3, padding="same", activation="relu")(x)
x = layers.MaxPooling2D()(x)
x = layers.Conv2D(256, 3, padding="same", activation="relu")(x)
x = layers.GlobalAveragePooling2D()(x)
x = layers.Dropout(0.3)(x)
outputs = layers.Dense(NUM_CLASSES, activation="softmax")(x)
model = keras.Model(inputs, outputs)

model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(train_ds, validation_data=test_ds, epochs=30)
print("per-class counts:", np.bincount(y_test.ravel()))
