# Regression MLP with no Dropout/BatchNorm: calling model(x) without training= inside the
# tape is equivalent to training=True here.
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

tf.random.set_seed(17)

(x_train, y_train), (x_test, y_test) = keras.datasets.california_housing.load_data()
mean, std = x_train.mean(axis=0), x_train.std(axis=0)
x_train = ((x_train - mean) / std).astype("float32")
x_test = ((x_test - mean) / std).astype("float32")
y_scale = 100000.0
y_train = (y_train / y_scale).astype("float32")
y_test = (y_test / y_scale).astype("float32")

train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(len(x_train)).batch(128).prefetch(tf.data.AUTOTUNE)

model = keras.Sequential([
    keras.Input(shape=(x_train.shape[1],)),
    layers.Dense(128, activation="relu"),
    layers.Dense(64, activation="relu"),
    layers.Dense(1),
])
optimizer = keras.optimizers.Adam(1e-3)
loss_fn = keras.losses.Huber()
train_loss = keras.metrics.Mean()


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        pred = model(x)
        loss = loss_fn(y[:, None], pred)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    train_loss.update_state(loss)


for epoch in range(30):
    train_loss.reset_state()
    for x, y in train_ds:
        train_step(x, y)
    if epoch % 5 == 0:
        mae = np.mean(np.abs(model(x_test).numpy().ravel() - y_test)) * y_scale
        print(f"epoch {epoch}: huber {train_loss.result():.4f}  test MAE ${mae:,.0f}")
