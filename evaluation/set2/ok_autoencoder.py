"""Denoising convolutional autoencoder on MNIST (sigmoid output, pixel-wise BCE)."""
import numpy as np
import keras
from keras import layers

keras.utils.set_random_seed(5)

(x_train, _), (x_test, _) = keras.datasets.mnist.load_data()
x_train = x_train.astype("float32")[..., None] / 255.0
x_test = x_test.astype("float32")[..., None] / 255.0

rng = np.random.default_rng(5)
noisy_train = np.clip(x_train + 0.4 * rng.normal(size=x_train.shape), 0.0, 1.0).astype("float32")
noisy_test = np.clip(x_test + 0.4 * rng.normal(size=x_test.shape), 0.0, 1.0).astype("float32")


def encoder(inputs, filters=(32, 64)):
    x = inputs
    for f in filters:
        x = layers.Conv2D(f, 3, strides=2, padding="same", activation="relu")(x)
    return x


def decoder(code, filters=(64, 32)):
    x = code
    for f in filters:
        x = layers.Conv2DTranspose(f, 3, strides=2, padding="same", activation="relu")(x)
    return layers.Conv2D(1, 3, padding="same", activation="sigmoid", name="recon")(x)


inputs = keras.Input(shape=(28, 28, 1))
autoencoder = keras.Model(inputs, decoder(encoder(inputs)), name="denoiser")
autoencoder.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy")
autoencoder.fit(noisy_train, x_train, epochs=20, batch_size=128, shuffle=True,
                validation_data=(noisy_test, x_test),
                callbacks=[keras.callbacks.EarlyStopping(monitor="val_loss", patience=3)])

denoised = autoencoder.predict(noisy_test[:16], verbose=0)
print("mean abs error:", float(np.abs(denoised - x_test[:16]).mean()))
