# Hand-written losses done the stable way: log_softmax on logits for a policy-gradient style
# objective, an epsilon-guarded weighted BCE, and a log1p target transform for a skewed regression.
import numpy as np
import tensorflow as tf
import keras
from keras import layers, ops

keras.utils.set_random_seed(202)

EPS = 1e-7

# --- 1) classifier trained with a manual cross-entropy on logits -----------------------------
(x_train, y_train), _ = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
ds = (tf.data.Dataset.from_tensor_slices((x_train, tf.one_hot(y_train, 10)))
      .shuffle(60000).batch(128).prefetch(tf.data.AUTOTUNE))

clf = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(128, activation="relu"), layers.Dense(10)])
opt = keras.optimizers.Adam(1e-3)
loss_tracker = keras.metrics.Mean()


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        logits = clf(x, training=True)
        log_probs = tf.nn.log_softmax(logits, axis=-1)
        loss = -tf.reduce_mean(tf.reduce_sum(y * log_probs, axis=1))
    grads = tape.gradient(loss, clf.trainable_variables)
    opt.apply_gradients(zip(grads, clf.trainable_variables))
    loss_tracker.update_state(loss)


for epoch in range(3):
    loss_tracker.reset_state()
    for xb, yb in ds:
        train_step(xb, yb)
    print("epoch", epoch, float(loss_tracker.result()))


# --- 2) weighted BCE with clipping ------------------------------------------------------------
def weighted_bce(y_true, y_pred, pos_weight=8.0):
    y_true = ops.cast(y_true, y_pred.dtype)
    y_pred = ops.clip(y_pred, EPS, 1.0 - EPS)
    loss = -(pos_weight * y_true * ops.log(y_pred) + (1.0 - y_true) * ops.log(1.0 - y_pred))
    return ops.mean(loss, axis=-1)


def entropy_bonus(probs):
    return -tf.reduce_sum(probs * tf.math.log(probs + EPS), axis=-1)


rng = np.random.default_rng(202)
X = rng.normal(size=(20000, 20)).astype("float32")
y = (X[:, 0] + 0.5 * X[:, 1] > 1.6).astype("float32").reshape(-1, 1)
bin_model = keras.Sequential([keras.Input(shape=(20,)), layers.Dense(32, activation="relu"),
                              layers.Dense(1, activation="sigmoid")])
bin_model.compile(optimizer=keras.optimizers.Adam(1e-3), loss=weighted_bce,
                  metrics=[keras.metrics.AUC(name="auc")])
bin_model.fit(X, y, epochs=5, batch_size=256, validation_split=0.2)
print("mean entropy:", float(tf.reduce_mean(entropy_bonus(tf.nn.softmax(clf(x_train[:256]))))))

# --- 3) skewed regression target modelled in log space ------------------------------------------
prices = np.exp(rng.normal(loc=12.0, scale=0.6, size=20000)).astype("float32")
log_prices = np.log1p(prices)
reg = keras.Sequential([keras.Input(shape=(20,)), layers.Dense(32, activation="relu"), layers.Dense(1)])
reg.compile(optimizer=keras.optimizers.Adam(1e-3), loss="mse", metrics=["mae"])
reg.fit(X, log_prices, epochs=5, batch_size=256, validation_split=0.2)
print(np.expm1(reg.predict(X[:3], verbose=0)).ravel())
