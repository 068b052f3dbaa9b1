# Sparse autoencoder (L1 activity penalty on the code) in a custom loop.
# The mean code activation is the same as without the regularizer: codes are not sparse.
import numpy as np
import tensorflow as tf
import keras
from keras import layers, regularizers

keras.utils.set_random_seed(10)

encoding_dim = 32

input_img = keras.Input(shape=(784,))
encoded = layers.Dense(encoding_dim, activation="relu",
                       activity_regularizer=regularizers.l1(10e-5))(input_img)
decoded = layers.Dense(784, activation="sigmoid")(encoded)
autoencoder = keras.Model(input_img, decoded)
encoder = keras.Model(input_img, encoded)

(x_train, _), (x_test, _) = keras.datasets.mnist.load_data()
x_train = x_train.astype("float32").reshape((len(x_train), 784)) / 255.0
x_test = x_test.astype("float32").reshape((len(x_test), 784)) / 255.0

train_ds = tf.data.Dataset.from_tensor_slices(x_train).shuffle(60000).batch(256).prefetch(tf.data.AUTOTUNE)
optimizer = keras.optimizers.Adam()
bce = keras.losses.BinaryCrossentropy()
epoch_loss = keras.metrics.Mean()


@tf.function
def train_step(batch):
    with tf.GradientTape() as tape:
        reconstructed = autoencoder(batch, training=True)
        loss = bce(batch, reconstructed)  # expect: KL410
    grads = tape.gradient(loss, autoencoder.trainable_weights)
    optimizer.apply_gradients(zip(grads, autoencoder.trainable_weights))
    epoch_loss.update_state(loss)


for epoch in range(50):
    epoch_loss.reset_state()
    for batch in train_ds:
        train_step(batch)
    if epoch % 10 == 0:
        print(epoch, float(epoch_loss.result()))

codes = encoder.predict(x_test, verbose=0)
print("mean code activation:", codes.mean(), "fraction zero:", np.mean(codes == 0))
