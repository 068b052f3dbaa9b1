# ValueError: No gradients provided for any variable (Boston housing, custom loop)
import numpy as np
import tensorflow as tf
from tensorflow import keras

tf.random.set_seed(0)

(x_train, y_train), (x_test, y_test) = keras.datasets.boston_housing.load_data()
mean = x_train.mean(axis=0)
std = x_train.std(axis=0)
x_train = ((x_train - mean) / std).astype("float32")
x_test = ((x_test - mean) / std).astype("float32")
y_train = y_train.astype("float32")
y_test = y_test.astype("float32")

train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(512).batch(32).prefetch(tf.data.AUTOTUNE)

model = keras.Sequential([
    keras.Input(shape=(x_train.shape[1],)),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(64, activation="relu"),
    keras.layers.Dense(1),
])
loss_fn = keras.losses.MeanSquaredError()
optimizer = keras.optimizers.Adam(learning_rate=1e-3)
epoch_loss = keras.metrics.Mean()


@tf.function
def train_step(x, y):
    predictions = model(x, training=True)  # expect: KL402
    with tf.GradientTape() as tape:
        loss = loss_fn(y[:, None], predictions)
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables))
    return loss


for epoch in range(100):
    epoch_loss.reset_state()
    for x_batch, y_batch in train_ds:
        epoch_loss.update_state(train_step(x_batch, y_batch))
    if epoch % 10 == 0:
        print(f"epoch {epoch}: mse {epoch_loss.result():.3f}")

test_mae = np.mean(np.abs(model(x_test, training=False).numpy().ravel() - y_test))
print("test MAE (k$):", test_mae)
