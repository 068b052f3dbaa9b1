# The regularized model is trained with fit() (Keras adds model.losses itself); the
# hand-written loop is used only for a model without any regularizer.
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers, regularizers

keras.utils.set_random_seed(77)

(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
x_test = x_test.reshape(-1, 784).astype("float32") / 255.0

regularized = keras.Sequential([
    keras.Input(shape=(784,)),
    layers.Dense(256, activation="relu", kernel_regularizer=regularizers.l2(1e-4)),
    layers.Dense(128, activation="relu", activity_regularizer=regularizers.l1(1e-6)),
    layers.Dense(10),
])
regularized.compile(optimizer=keras.optimizers.Adam(1e-3),
                    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                    metrics=["accuracy"])
regularized.fit(x_train, y_train, batch_size=128, epochs=10, validation_data=(x_test, y_test))

plain = keras.Sequential([
    keras.Input(shape=(784,)),
    layers.Dense(256, activation="relu"),
    layers.Dense(128, activation="relu"),
    layers.Dense(10),
])
optimizer = keras.optimizers.Adam(1e-3)
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(60000).batch(128).prefetch(tf.data.AUTOTUNE)
mean_loss = keras.metrics.Mean()


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, plain(x, training=True))
    grads = tape.gradient(loss, plain.trainable_variables)
    optimizer.apply_gradients(zip(grads, plain.trainable_variables))
    mean_loss.update_state(loss)


for epoch in range(10):
    mean_loss.reset_state()
    for x, y in ds:
        train_step(x, y)
    print("plain model epoch", epoch, float(mean_loss.result()))
print(regularized.evaluate(x_test, y_test, verbose=0))
