# Semi-supervised recipe: pretrain a convolutional autoencoder on all images, then train a small
# classifier on top of the encoder. One optimizer object is created up front and passed to both.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.random.set_seed(5)

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = np.expand_dims(x_train, -1).astype("float32") / 255.0
x_test = np.expand_dims(x_test, -1).astype("float32") / 255.0

opt = tf.keras.optimizers.RMSprop(learning_rate=1e-3)

# --- encoder / decoder ---
input_img = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(16, (3, 3), activation="relu", padding="same")(input_img)
x = layers.MaxPooling2D((2, 2), padding="same")(x)
x = layers.Conv2D(32, (3, 3), activation="relu", padding="same")(x)
encoded = layers.MaxPooling2D((2, 2), padding="same")(x)

x = layers.Conv2DTranspose(32, (3, 3), strides=2, activation="relu", padding="same")(encoded)
x = layers.Conv2DTranspose(16, (3, 3), strides=2, activation="relu", padding="same")(x)
decoded = layers.Conv2D(1, (3, 3), activation="sigmoid", padding="same")(x)

autoencoder = keras.Model(input_img, decoded)
autoencoder.compile(optimizer=opt, loss="binary_crossentropy")
autoencoder.fit(x_train, x_train, epochs=10, batch_size=128, shuffle=True,
                validation_data=(x_test, x_test))

# --- classifier on the pretrained encoder, using only 1000 labels ---
features = layers.GlobalAveragePooling2D()(encoded)
features = layers.Dense(64, activation="relu")(features)
class_out = layers.Dense(10, activation="softmax")(features)
classifier = keras.Model(input_img, class_out)
classifier.compile(optimizer=opt, loss="sparse_categorical_crossentropy", metrics=["accuracy"])  # expect: KL602

classifier.fit(x_train[:1000], y_train[:1000], epochs=20, batch_size=32, validation_data=(x_test, y_test))
