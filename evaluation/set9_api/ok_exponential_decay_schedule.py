# TF 2.16 tutorial-style CIFAR-10 CNN trained from a tf.data pipeline with an
# ExponentialDecay learning-rate schedule (decay_steps / decay_rate), saved as .keras + .weights.h5
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.random.set_seed(99)

BATCH = 128
(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()


def preprocess(image, label):
    return tf.cast(image, tf.float32) / 255.0, label


train_ds = (tf.data.Dataset.from_tensor_slices((x_train, y_train))
            .shuffle(10000)
            .map(preprocess, num_parallel_calls=tf.data.AUTOTUNE)
            .batch(BATCH)
            .prefetch(tf.data.AUTOTUNE))
test_ds = (tf.data.Dataset.from_tensor_slices((x_test, y_test))
           .map(preprocess, num_parallel_calls=tf.data.AUTOTUNE)
           .batch(BATCH)
           .prefetch(tf.data.AUTOTUNE))

model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(32, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(128, 3, padding="same", activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(128, activation="relu"),
    layers.Dense(10),
])

lr_schedule = keras.optimizers.schedules.ExponentialDecay(
    initial_learning_rate=1e-2,
    decay_steps=10000,
    decay_rate=0.9,
    staircase=True,
)
model.compile(
    optimizer=keras.optimizers.SGD(learning_rate=lr_schedule, momentum=0.9),
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)
model.fit(train_ds, validation_data=test_ds, epochs=15)

model.save("cifar_cnn.keras")
model.save_weights("cifar_cnn.weights.h5")
