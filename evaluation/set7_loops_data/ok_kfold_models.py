"""5-fold cross-validation with a custom loop: a fresh model and optimizer per *fold*
(outer loop), never inside the epoch or batch loops."""
import numpy as np
import tensorflow as tf
from sklearn.model_selection import StratifiedKFold
from tensorflow import keras
from tensorflow.keras import layers

keras.utils.set_random_seed(123)

rng = np.random.default_rng(123)
X = rng.normal(size=(3000, 24)).astype("float32")
y = (X[:, :4].sum(axis=1) + 0.5 * rng.normal(size=3000) > 0).astype("float32")


def build_model():
    return keras.Sequential([
        keras.Input(shape=(24,)),
        layers.Dense(64, activation="relu"),
        layers.Dropout(0.2),
        layers.Dense(32, activation="relu"),
        layers.Dense(1),
    ])


def train_fold(x_tr, y_tr, x_va, y_va, epochs=20):
    model = build_model()
    optimizer = keras.optimizers.Adam(1e-3)
    loss_fn = keras.losses.BinaryCrossentropy(from_logits=True)
    ds = tf.data.Dataset.from_tensor_slices((x_tr, y_tr[:, None])).shuffle(len(x_tr)).batch(64).prefetch(tf.data.AUTOTUNE)

    @tf.function
    def train_step(xb, yb):
        with tf.GradientTape() as tape:
            loss = loss_fn(yb, model(xb, training=True))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))

    for _ in range(epochs):
        for xb, yb in ds:
            train_step(xb, yb)
    logits = model(x_va, training=False).numpy().ravel()
    return float(np.mean((logits > 0) == (y_va > 0.5)))


scores = []
skf = StratifiedKFold(n_splits=5, shuffle=True, random_state=123)
for fold, (tr, va) in enumerate(skf.split(X, y)):
    keras.backend.clear_session()
    acc = train_fold(X[tr], y[tr], X[va], y[va])
    scores.append(acc)
    print(f"fold {fold}: accuracy {acc:.4f}")
print("CV accuracy: %.4f +/- %.4f" % (np.mean(scores), np.std(scores)))
