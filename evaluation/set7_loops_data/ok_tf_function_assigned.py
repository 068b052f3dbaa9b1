"""Train steps compiled in three equivalent ways: tf.function applied by assignment,
a decorator with arguments, and a method wrapped in __init__."""
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(9)

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
x_test = x_test.reshape(-1, 784).astype("float32") / 255.0
train_ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(60000).batch(128).prefetch(tf.data.AUTOTUNE)


def make_model():
    return keras.Sequential([
        keras.Input(shape=(784,)),
        layers.Dense(256, activation="relu"),
        layers.Dropout(0.2),
        layers.Dense(10),
    ])


loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)

# 1) plain function, compiled by assignment
model_a = make_model()
opt_a = keras.optimizers.Adam(1e-3)
loss_a = keras.metrics.Mean()


def train_step_a(x, y):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model_a(x, training=True))
    grads = tape.gradient(loss, model_a.trainable_variables)
    opt_a.apply_gradients(zip(grads, model_a.trainable_variables))
    loss_a.update_state(loss)


train_step_a = tf.function(train_step_a)

# 2) decorator with options
model_b = make_model()
opt_b = keras.optimizers.Adam(1e-3)
loss_b = keras.metrics.Mean()


@tf.function(jit_compile=True)
def train_step_b(x, y):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model_b(x, training=True))
    grads = tape.gradient(loss, model_b.trainable_variables)
    opt_b.apply_gradients(zip(grads, model_b.trainable_variables))
    loss_b.update_state(loss)


# 3) trainer object that wraps its own step
class Trainer:
    def __init__(self, model):
        self.model = model
        self.optimizer = keras.optimizers.Adam(1e-3)
        self.loss = keras.metrics.Mean()
        self.train_step = tf.function(self._train_step)

    def _train_step(self, x, y):
        with tf.GradientTape() as tape:
            loss = loss_fn(y, self.model(x, training=True))
        grads = tape.gradient(loss, self.model.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.model.trainable_variables))
        self.loss.update_state(loss)


trainer = Trainer(make_model())

for epoch in range(3):
    for m in (loss_a, loss_b, trainer.loss):
        m.reset_state()
    for x, y in train_ds:
        train_step_a(x, y)
        train_step_b(x, y)
        trainer.train_step(x, y)
    print(epoch, float(loss_a.result()), float(loss_b.result()), float(trainer.loss.result()))
