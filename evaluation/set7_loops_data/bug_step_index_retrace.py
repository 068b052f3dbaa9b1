# Training is extremely slow and I get:
# "WARNING: 5 out of the last 5 calls to <function train_step> triggered tf.function retracing."
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(4)

(x_train, y_train), _ = keras.datasets.cifar10.load_data()
x_train = x_train.astype("float32") / 255.0
train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(50000).batch(64).prefetch(tf.data.AUTOTUNE)

model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(64, activation="relu"),
    layers.Dense(10),
])
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
optimizer = keras.optimizers.Adam()
epoch_loss = keras.metrics.Mean()


@tf.function
def train_step(x, y, step):
    with tf.GradientTape() as tape:
        logits = model(x, training=True)
        loss = loss_fn(y, logits)
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    if step % 100 == 0:
        tf.print("step", step, "loss", loss)
    epoch_loss.update_state(loss)


for epoch in range(3):
    epoch_loss.reset_state()
    for step, (x, y) in enumerate(train_ds):
        train_step(x, y, step)  # expect: KL408
    print("epoch", epoch, "mean loss", float(epoch_loss.result()))
